package index

import (
	"context"
	"errors"
	"log"
	"os"
	"path/filepath"
	"testing"
)

// TestDamagedFilesAreFoundAndRebuilt damages a segment or the shelf of an
// index on disk in ways the open's cheap checks cannot see, and checks that
// the next open does not crash, that the damage is found (at open, or by
// the background verification, after which searches fail with ErrDamaged),
// and that the start after it rebuilds an index that answers correctly.
func TestDamagedFilesAreFoundAndRebuilt(t *testing.T) {
	lib := testLibrary(t)
	harms := map[string]func(t *testing.T, current string){
		"segment: one byte flipped": func(t *testing.T, current string) {
			seg := largestSegment(t, current)
			fi, _ := os.Stat(seg)
			flipByte(t, seg, int(fi.Size()/2))
		},
		"segment: bytes flipped all through": func(t *testing.T, current string) {
			seg := largestSegment(t, current)
			b, err := os.ReadFile(seg)
			must(t, err)
			for i := 100; i < len(b)-100; i += 97 {
				b[i] ^= 0x5a
			}
			must(t, os.WriteFile(seg, b, 0o600))
		},
		"shelf: a record's byte flipped": func(t *testing.T, current string) {
			flipByte(t, filepath.Join(current, shelfFile), 200)
		},
	}
	for name, harm := range harms {
		t.Run(name, func(t *testing.T) {
			home := t.TempDir()
			opts := Options{Home: home, Fingerprint: "fp", Shards: 2}
			ix, _, err := OpenOrBuild(context.Background(), lib, opts)
			must(t, err)
			must(t, ix.Verified())
			ix.Close()
			harm(t, filepath.Join(home, currentDir))
			ix, rebuilt, err := OpenOrBuild(context.Background(), lib, opts)
			must(t, err)
			if !rebuilt {
				if err := ix.Verified(); !errors.Is(err, ErrDamaged) {
					t.Fatalf("the damage was not found: %v", err)
				}
				if _, err := ix.Search(context.Background(), Request{Text: "minoxidil"}); !errors.Is(err, ErrDamaged) {
					t.Fatalf("a search on a damaged index should fail with ErrDamaged, got %v", err)
				}
				ix.Close()
				ix, rebuilt, err = OpenOrBuild(context.Background(), lib, opts)
				must(t, err)
				if !rebuilt {
					t.Fatal("the start after the damage was found should rebuild")
				}
			}
			defer ix.Close()
			must(t, ix.Verified())
			if res, err := ix.Search(context.Background(), Request{Text: "minoxidil"}); err != nil || res.Total != 2 {
				t.Fatalf("rebuilt index: total %d, err %v", res.Total, err)
			}
		})
	}
}

func largestSegment(t *testing.T, current string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(current, "shard-*", "store", "*.zap"))
	best, size := "", int64(-1)
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() > size {
			best, size = f, fi.Size()
		}
	}
	if best == "" {
		t.Fatal("no segment files")
	}
	return best
}

// TestBleveDoesNotLogToTheTerminal: Bleve's storage engine logs through
// the standard logger (a missing segment: "unable to load snapshot…");
// after OpenOrBuild that logger no longer writes to stderr, and an index
// with a missing segment is rebuilt.
func TestBleveDoesNotLogToTheTerminal(t *testing.T) {
	lib := testLibrary(t)
	home := t.TempDir()
	opts := Options{Home: home, Fingerprint: "fp"}
	ix, _, err := OpenOrBuild(context.Background(), lib, opts)
	must(t, err)
	ix.Close()
	if log.Writer() == os.Stderr {
		t.Fatal("the standard logger still writes to stderr after OpenOrBuild")
	}
	must(t, os.Remove(largestSegment(t, filepath.Join(home, currentDir))))
	ix, rebuilt, err := OpenOrBuild(context.Background(), lib, opts)
	must(t, err)
	defer ix.Close()
	if !rebuilt {
		t.Fatal("an index with a missing segment should be rebuilt")
	}
}

// TestSearchMeetingDamageRebuildsNextStart: a search that reads a paper
// whose shelf record fails its checksum (before the background check got
// there) fails with ErrDamaged, and the next start rebuilds.
func TestSearchMeetingDamageRebuildsNextStart(t *testing.T) {
	lib := testLibrary(t)
	home := t.TempDir()
	opts := Options{Home: home, Fingerprint: "fp"}
	ix, _, err := OpenOrBuild(context.Background(), lib, opts)
	must(t, err)
	ix.Close()
	flipByte(t, filepath.Join(home, currentDir, shelfFile), 200)
	ix, rebuilt, err := OpenOrBuild(context.Background(), lib, opts)
	must(t, err)
	if rebuilt {
		t.Fatal("a damaged record is not seen at open")
	}
	if ix.verify.wait(true) != nil { // stopped: from here only the search can find it
		t.Skip("the background check found the damage first")
	}
	if _, err := ix.Search(context.Background(), Request{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("want ErrDamaged, got %v", err)
	}
	ix.Close()
	ix, rebuilt, err = OpenOrBuild(context.Background(), lib, opts)
	must(t, err)
	defer ix.Close()
	if !rebuilt {
		t.Fatal("the next start should rebuild")
	}
	if res, err := ix.Search(context.Background(), Request{}); err != nil || res.Total != 6 {
		t.Fatalf("rebuilt: %d, %v", res.Total, err)
	}
}
