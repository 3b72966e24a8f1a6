package store

import (
	"errors"
	"path/filepath"
	"testing"
)

func openTestDB(t *testing.T, path string) *DB {
	t.Helper()
	db, err := OpenDB(path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestDBApply(t *testing.T) {
	db := openTestDB(t, filepath.Join(t.TempDir(), "library.db"))
	p1 := Paper{PMID: "11", DOI: "10.1000/ABC", Title: "First", Year: 2020}
	p2 := Paper{PMID: "12", Title: "Second", Year: 2021}
	steps := []struct {
		name    string
		changes []Change
		want    ApplyResult
		count   int
	}{
		{"add two", []Change{{Put: &p1, Version: 1}, {Put: &p2, Version: 1}}, ApplyResult{Added: 2}, 2},
		{"same again changes nothing", []Change{{Put: &p1, Version: 1}}, ApplyResult{Unchanged: 1}, 2},
		{"new version replaces", []Change{{Put: &Paper{PMID: "11", DOI: "10.1000/abc", Title: "First, corrected", Year: 2020}, Version: 2}}, ApplyResult{Updated: 1}, 2},
		{"older version is ignored", []Change{{Put: &p1, Version: 1}}, ApplyResult{Older: 1}, 2},
		{"same DOI under another PMID merges", []Change{{Put: &Paper{PMID: "99", DOI: "10.1000/ABC", Title: "Dup", Year: 2020}, Version: 3}}, ApplyResult{Updated: 1}, 2},
		{"delete", []Change{{Delete: "12"}, {Delete: "404"}}, ApplyResult{Deleted: 1, NotFound: 1}, 1},
	}
	gen := uint64(0)
	for _, s := range steps {
		res, err := db.Apply(s.changes, nil)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if res != s.want {
			t.Fatalf("%s: result %+v, want %+v", s.name, res, s.want)
		}
		if n, _ := db.Count(); n != s.count {
			t.Fatalf("%s: %d papers, want %d", s.name, n, s.count)
		}
		g, _ := db.Generation()
		changed := s.want.Added+s.want.Updated+s.want.Deleted > 0
		if changed != (g > gen) {
			t.Fatalf("%s: generation %d → %d, changed %v", s.name, gen, g, changed)
		}
		gen = g
	}
	papers, _ := db.Papers()
	if len(papers) != 1 || papers[0].Title != "Dup" || papers[0].Origin != OriginImported {
		t.Fatalf("final papers = %+v", papers)
	}
}

func TestDBPersistsAndLocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	db, err := OpenDB(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply([]Change{{Put: &Paper{PMID: "1", Title: "Kept"}}}, []Entity{{ID: "x", Name: "x", Kind: KindDrug}}); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenDB(path, false); !errors.Is(err, ErrLocked) {
		t.Fatalf("a second writer should get ErrLocked, got %v", err)
	}
	db.Close()
	db = openTestDB(t, path)
	papers, _ := db.Papers()
	entities, _ := db.Entities()
	if len(papers) != 1 || papers[0].Title != "Kept" || len(entities) != 1 {
		t.Fatalf("after reopen: %+v %+v", papers, entities)
	}
	if _, err := OpenDB(filepath.Join(t.TempDir(), "missing.db"), true); err == nil {
		t.Fatal("read-only open of a missing library should fail")
	}
}
