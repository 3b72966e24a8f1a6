package store

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// damage is one way a bbolt file gets broken on disk.
type damage struct {
	name  string
	apply func(t *testing.T, path string)
}

func damages() []damage {
	truncate := func(frac float64) func(*testing.T, string) {
		return func(t *testing.T, path string) {
			if err := os.Truncate(path, int64(float64(usedBytes(t, path))*frac)); err != nil {
				t.Fatal(err)
			}
		}
	}
	garbage := func(from, to float64) func(*testing.T, string) {
		return func(t *testing.T, path string) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewSource(int64(len(b))))
			for i := int(float64(len(b)) * from); i < int(float64(len(b))*to); i++ {
				b[i] = byte(rng.Intn(256))
			}
			os.WriteFile(path, b, 0o600)
		}
	}
	return []damage{
		{"truncated to half", truncate(0.5)},
		{"truncated to a tenth", truncate(0.1)},
		{"truncated inside the header", func(t *testing.T, path string) { os.Truncate(path, 40) }},
		{"garbage everywhere", garbage(0, 1)},
		{"garbage after the header", garbage(0.02, 1)},
		{"garbage header", garbage(0, 0.02)},
	}
}

// usedBytes is how much of a bbolt file its pages use (the file itself is
// allocated ahead, larger).
func usedBytes(t *testing.T, path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := parseMeta(b)
	if !ok {
		t.Fatal("no valid meta page")
	}
	return int64(m.pgid) * int64(m.pageSize)
}

// libraryWithPapers writes a library of n papers and returns its path.
func libraryWithPapers(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "library.db")
	db, err := OpenDB(path, false)
	if err != nil {
		t.Fatal(err)
	}
	var changes []Change
	for i := 0; i < n; i++ {
		p := &Paper{PMID: fmt.Sprint(1000 + i), Title: strings.Repeat("A title of some length ", 10), Year: 2020}
		changes = append(changes, Change{Put: p, Version: 1})
	}
	if _, err := db.Apply(changes, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// TestDamagedLibraryIsAnError: every kind of damage gives an error that
// names the file, never a panic or a fault, on a read-only and on a
// writable open.
func TestDamagedLibraryIsAnError(t *testing.T) {
	for _, d := range damages() {
		for _, readOnly := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/readonly=%v", d.name, readOnly), func(t *testing.T) {
				path := libraryWithPapers(t, 300)
				d.apply(t, path)
				err := readWholeLibrary(path, readOnly)
				if err == nil {
					t.Skip("this damage left the data readable") // random bytes may hit only free pages
				}
				t.Log(err)
				if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("error should be one line naming %s: %v", path, err)
				}
			})
		}
	}
}

func readWholeLibrary(path string, readOnly bool) error {
	db, err := OpenDB(path, readOnly)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Generation(); err != nil {
		return err
	}
	if _, err := db.Entities(); err != nil {
		return err
	}
	if _, err := db.Papers(); err != nil {
		return err
	}
	if !readOnly {
		_, err = db.Apply([]Change{{Put: &Paper{PMID: "1", Title: "t"}, Version: 1}}, nil)
	}
	return err
}

// TestDamagedHeaderIsDetectedBeforeBbolt: truncation and a garbage header
// are found by the header check itself, with a hint.
func TestDamagedHeaderIsDetectedBeforeBbolt(t *testing.T) {
	for _, d := range damages() {
		if d.name == "garbage after the header" {
			continue
		}
		t.Run(d.name, func(t *testing.T) {
			path := libraryWithPapers(t, 300)
			d.apply(t, path)
			err := checkBoltFile(path, libraryKind)
			var de *DamagedError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), "import your files again") {
				t.Fatalf("want a DamagedError with a hint, got %v", err)
			}
		})
	}
	if err := checkBoltFile(libraryWithPapers(t, 300), libraryKind); err != nil {
		t.Fatalf("a sound library is reported damaged: %v", err)
	}
}

// TestEmptyStateFileIsMovedAside: a state file truncated to zero is not
// silently replaced by a new empty one: the first open says so and moves
// it aside (kept), the next starts afresh.
func TestEmptyStateFileIsMovedAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	f := StateFile{Path: path}
	if err := f.SetTags("", "1001", []string{"keep"}); err != nil {
		t.Fatal(err)
	}
	os.Truncate(path, 0)
	_, err := f.Load("")
	var de *DamagedError
	if !errors.As(err, &de) || de.MovedTo == "" || !strings.Contains(err.Error(), "tags") {
		t.Fatalf("want a DamagedError that moved the file aside, got %v", err)
	}
	if fi, err := os.Stat(de.MovedTo); err != nil || fi.Size() != 0 {
		t.Fatalf("the damaged file is not kept at %s: %v", de.MovedTo, err)
	}
	p, err := f.Load("")
	if err != nil || len(p.Tags) != 0 {
		t.Fatalf("the next start should begin empty: %v %v", p.Tags, err)
	}
}

// TestDamagedStateFileIsAnError: other damage to the state file is an
// error naming the file, and the file is left as it is.
func TestDamagedStateFileIsAnError(t *testing.T) {
	for _, d := range damages() {
		t.Run(d.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			f := StateFile{Path: path}
			for i := 0; i < 200; i++ {
				if err := f.SetNote("", fmt.Sprint(1000+i), strings.Repeat("a note ", 50)); err != nil {
					t.Fatal(err)
				}
			}
			d.apply(t, path)
			before, _ := os.ReadFile(path)
			_, err := f.Load("")
			if err == nil {
				t.Skip("this damage left the data readable")
			}
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error should name %s: %v", path, err)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Fatal("the damaged state file was changed")
			}
		})
	}
}
