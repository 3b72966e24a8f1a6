package store

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

func openVocabDB(t *testing.T) *DB {
	t.Helper()
	db, err := OpenDB(filepath.Join(t.TempDir(), "library.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestVocabularyVersion: storing, re-storing, replacing and removing a
// vocabulary, and learning names, move the version only when something
// changed.
func TestVocabularyVersion(t *testing.T) {
	db := openVocabDB(t)
	v1 := StoredVocabulary{Name: "mine.tsv", Format: "tsv", Concepts: 1, Data: json.RawMessage(`[{"id":"X1"}]`)}
	v2 := v1
	v2.Data = json.RawMessage(`[{"id":"X2"}]`)
	learnA := []LearnedName{{Concept: "D1", Kind: KindCondition, Text: "hair loss", PMIDs: []string{"1"}}}
	learnB := []LearnedName{{Concept: "D1", Kind: KindCondition, Text: "hair loss", PMIDs: []string{"2"}}}
	steps := []struct {
		name    string
		do      func() (bool, error)
		changed bool
		version uint64
	}{
		{"put", func() (bool, error) { return db.PutVocabulary(v1) }, true, 1},
		{"put the same", func() (bool, error) { return db.PutVocabulary(v1) }, false, 1},
		{"replace", func() (bool, error) { return db.PutVocabulary(v2) }, true, 2},
		{"learn", func() (bool, error) { n, err := db.AddLearned(learnA); return n > 0, err }, true, 3},
		{"learn again", func() (bool, error) { n, err := db.AddLearned(learnA); return n > 0, err }, false, 3},
		{"learn from another paper", func() (bool, error) { n, err := db.AddLearned(learnB); return n > 0, err }, true, 4},
		{"remove", func() (bool, error) { return db.RemoveVocabulary("mine.tsv") }, true, 5},
		{"remove again", func() (bool, error) { return db.RemoveVocabulary("mine.tsv") }, false, 5},
	}
	for _, s := range steps {
		changed, err := s.do()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if v, _ := db.VocabVersion(); changed != s.changed || v != s.version {
			t.Fatalf("%s: changed %v version %d, want %v %d", s.name, changed, v, s.changed, s.version)
		}
	}
	learned, err := db.Learned()
	if err != nil || len(learned) != 1 || learned[0].Text != "hair loss" || len(learned[0].PMIDs) != 2 {
		t.Fatalf("learned %+v, %v", learned, err)
	}
	if list, _ := db.Vocabularies(false); len(list) != 0 {
		t.Fatalf("vocabularies after remove: %+v", list)
	}
	if err := db.SetTaggedVersion(5); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.TaggedVersion(); v != 5 {
		t.Fatalf("tagged version %d", v)
	}
}

// TestUpdateLinks keeps a paper's record and version and changes only its
// links, bumping the generation only when they moved.
func TestUpdateLinks(t *testing.T) {
	db := openVocabDB(t)
	p := Paper{PMID: "7", Title: "T", Conditions: []string{"a"}, Tagged: true}
	if _, err := db.Apply([]Change{{Put: &p, Version: 3}}, []Entity{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}); err != nil {
		t.Fatal(err)
	}
	gen, _ := db.Generation()
	same := LinkUpdate{PMID: "7", Conditions: []string{"a"}}
	if n, err := db.UpdateLinks([]LinkUpdate{same}, nil); err != nil || n != 0 {
		t.Fatalf("unchanged links: %d, %v", n, err)
	}
	if g, _ := db.Generation(); g != gen {
		t.Fatal("unchanged links bumped the generation")
	}
	moved := LinkUpdate{PMID: "7", Conditions: []string{"b"}, Mentions: []Mention{{ID: "b", Start: 0, End: 1}}, Annotated: true}
	if n, err := db.UpdateLinks([]LinkUpdate{moved, {PMID: "404"}}, nil); err != nil || n != 1 {
		t.Fatalf("moved links: %d, %v", n, err)
	}
	got, ok, err := db.PaperByPMID("7")
	if err != nil || !ok || got.Title != "T" || got.Conditions[0] != "b" || !got.Annotated || !got.Tagged || len(got.Mentions) != 1 {
		t.Fatalf("paper after update: %+v, %v", got, err)
	}
	if res, _ := db.Apply([]Change{{Put: &Paper{PMID: "7", Title: "old"}, Version: 2}}, nil); res.Older != 1 {
		t.Fatal("the stored version must survive a link update")
	}
	if err := db.RemoveEntities([]string{"a"}); err != nil {
		t.Fatal(err)
	}
	if es, _ := db.Entities(); len(es) != 1 || es[0].ID != "b" {
		t.Fatalf("entities after remove: %+v", es)
	}
}
