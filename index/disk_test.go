package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/follicle/follicle/store"
)

func TestOpenOrBuildLifecycle(t *testing.T) {
	lib := testLibrary(t)
	home := t.TempDir()
	open := func(fp string) (*Index, bool) {
		t.Helper()
		ix, rebuilt, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: fp})
		if err != nil {
			t.Fatalf("OpenOrBuild: %v", err)
		}
		res, err := ix.Search(context.Background(), Request{Text: "minoxidil"})
		if err != nil || res.Total != 2 {
			t.Fatalf("search on opened index: total %d, err %v", res.Total, err)
		}
		ix.Close()
		return ix, rebuilt
	}
	if _, rebuilt := open("v1"); !rebuilt {
		t.Fatal("first open should build")
	}
	if _, rebuilt := open("v1"); rebuilt {
		t.Fatal("second open with the same fingerprint should reuse the index")
	}
	if _, rebuilt := open("v2"); !rebuilt {
		t.Fatal("a new fingerprint should rebuild")
	}
	entries, _ := os.ReadDir(home)
	if len(entries) != 1 || entries[0].Name() != currentDir {
		t.Fatalf("index home should hold only %q after swaps, has %v", currentDir, entries)
	}
}

func TestOpenOrBuildRecoversFromDamage(t *testing.T) {
	lib := testLibrary(t)
	damage := []struct {
		name string
		harm func(t *testing.T, current string)
	}{
		{"meta file missing (half-built)", func(t *testing.T, current string) {
			must(t, os.Remove(filepath.Join(current, metaFile)))
		}},
		{"meta file garbage", func(t *testing.T, current string) {
			must(t, os.WriteFile(filepath.Join(current, metaFile), []byte("{not json"), 0o644))
		}},
		{"bleve files deleted", func(t *testing.T, current string) {
			must(t, os.RemoveAll(filepath.Join(current, "shard-0", "store")))
		}},
		{"second shard missing", func(t *testing.T, current string) {
			must(t, os.RemoveAll(filepath.Join(current, "shard-1")))
		}},
		{"bleve meta corrupt", func(t *testing.T, current string) {
			must(t, os.WriteFile(filepath.Join(current, "shard-1", "index_meta.json"), []byte("\x00\x01garbage"), 0o644))
		}},
		{"wrong document count", func(t *testing.T, current string) {
			must(t, os.WriteFile(filepath.Join(current, metaFile),
				[]byte(`{"mapping_version":1,"fingerprint":"fp","docs":99}`), 0o644))
		}},
		{"shelf missing", func(t *testing.T, current string) {
			must(t, os.Remove(filepath.Join(current, shelfFile)))
		}},
		{"shelf cut short", func(t *testing.T, current string) {
			must(t, os.Truncate(filepath.Join(current, shelfFile), 100))
		}},
		{"shelf footer flipped", func(t *testing.T, current string) {
			flipByte(t, filepath.Join(current, shelfFile), -40)
		}},
		{"tables missing", func(t *testing.T, current string) {
			must(t, os.Remove(filepath.Join(current, tablesFile)))
		}},
		{"tables flipped", func(t *testing.T, current string) {
			flipByte(t, filepath.Join(current, tablesFile), 12)
		}},
		{"tables of another library", func(t *testing.T, current string) {
			empty, err := store.NewLibrary(nil, nil)
			must(t, err)
			other, err := newPaperTable(empty)
			must(t, err)
			must(t, other.write(filepath.Join(current, tablesFile)))
		}},
		{"whole index missing", func(t *testing.T, current string) {
			must(t, os.RemoveAll(current))
		}},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			home := t.TempDir()
			opts := Options{Home: home, Fingerprint: "fp", Shards: 2}
			ix, _, err := OpenOrBuild(context.Background(), lib, opts)
			must(t, err)
			ix.Close()
			d.harm(t, filepath.Join(home, currentDir))
			ix, rebuilt, err := OpenOrBuild(context.Background(), lib, opts)
			if err != nil {
				t.Fatalf("reopen after damage: %v", err)
			}
			defer ix.Close()
			if !rebuilt {
				t.Fatal("damaged index should be rebuilt")
			}
			if res, err := ix.Search(context.Background(), Request{}); err != nil || res.Total != 6 {
				t.Fatalf("rebuilt index: total %d, err %v", res.Total, err)
			}
		})
	}
}

func TestOpenOrBuildCancelledLeavesCurrentIntact(t *testing.T) {
	lib := testLibrary(t)
	home := t.TempDir()
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "old"})
	must(t, err)
	ix.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := OpenOrBuild(ctx, lib, Options{Home: home, Fingerprint: "new"}); err == nil {
		t.Fatal("a cancelled build should fail")
	}
	if _, err := openChecked(filepath.Join(home, currentDir), lib, "old"); err != nil {
		t.Fatalf("the previous index must stay usable after a failed build: %v", err)
	}
	entries, _ := os.ReadDir(home)
	if len(entries) != 1 {
		t.Fatalf("a failed build must clean up after itself, home has %v", entries)
	}
}

// flipByte inverts one byte of path, counted from the end when at < 0.
func flipByte(t *testing.T, path string, at int) {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	if at < 0 {
		at += len(b)
	}
	b[at] ^= 0xff
	must(t, os.WriteFile(path, b, 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestStaleBuildDirectoriesAreRemoved(t *testing.T) {
	lib := testLibrary(t)
	home := t.TempDir()
	stale := filepath.Join(home, "build-123")
	fresh := filepath.Join(home, "build-456")
	must(t, os.MkdirAll(stale, 0o755))
	must(t, os.MkdirAll(fresh, 0o755))
	old := time.Now().Add(-time.Hour)
	must(t, os.Chtimes(stale, old, old))
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "fp"})
	must(t, err)
	ix.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("an abandoned build directory should be removed")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Fatal("a recent build directory may belong to another process and must stay")
	}
}

// TestOpenReadsNoPaperWhenCurrent: a start whose index is current must not
// read the library's papers (that took seconds at 200,000 papers); the
// index's shelf serves them. A build reads them exactly once.
func TestOpenReadsNoPaperWhenCurrent(t *testing.T) {
	full := testLibrary(t)
	loads := 0
	entities := append(entitiesOf(full.Conditions()), entitiesOf(full.Drugs())...)
	deferred, err := store.NewDeferred(entities, func() (*store.Library, error) {
		loads++
		return full, nil
	})
	must(t, err)
	home := t.TempDir()
	for i, wantLoads := range []int{1, 1} {
		ix, rebuilt, err := OpenOrBuild(context.Background(), deferred, Options{Home: home, Fingerprint: "fp"})
		must(t, err)
		if rebuilt != (i == 0) || loads != wantLoads {
			t.Fatalf("start %d: rebuilt %v, papers loaded %d times, want %d", i, rebuilt, loads, wantLoads)
		}
		lib := ix.Library()
		if !lib.Shelved() || lib.Len() != full.Len() {
			t.Fatalf("start %d: library shelved %v with %d papers, want %d", i, lib.Shelved(), lib.Len(), full.Len())
		}
		res, err := ix.Search(context.Background(), Request{Text: "alopecia"})
		must(t, err)
		if res.Total == 0 || res.Hits[0].Paper.Title == "" {
			t.Fatalf("start %d: search through the shelf found %d papers", i, res.Total)
		}
		ix.Close()
	}
}

func entitiesOf(es []*store.Entity) []store.Entity {
	out := make([]store.Entity, len(es))
	for i, e := range es {
		out[i] = *e
	}
	return out
}
