package store

import (
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStateDB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := OpenStateDB(path)
	if err != nil {
		t.Fatal(err)
	}
	steps := []func() error{
		func() error { return s.SetMarked("", "1", true) },
		func() error { return s.SetMarked("", "2", true) },
		func() error { return s.SetMarked("", "2", false) },
		func() error { return s.SetRead("", "1", true) },
		func() error { return s.SetTags("", "1", []string{" JAK review", "jak-review", "Trials "}) },
		func() error { return s.SetNote("", "1", "  check the week 36 figures  ") },
		func() error { return s.SaveSearch("", SavedSearch{Name: "jak", Query: "baricitinib", Sort: "newest"}) },
		func() error { return s.SetMarked("alice", "9", true) },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	s.Close()
	s, err = OpenStateDB(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Marked["1"]; !ok || len(p.Marked) != 1 {
		t.Fatalf("marks %v", p.Marked)
	}
	if !reflect.DeepEqual(p.Tags["1"], []string{"jak-review", "trials"}) || !reflect.DeepEqual(p.Tagged("trials"), []string{"1"}) {
		t.Fatalf("tags %v", p.Tags)
	}
	if p.Notes["1"] != "check the week 36 figures" || len(p.Read) != 1 {
		t.Fatalf("note %q read %v", p.Notes["1"], p.Read)
	}
	if ss, ok := p.SavedSearch("jak"); !ok || ss.Query != "baricitinib" {
		t.Fatalf("saved %v", p.Saved)
	}
	alice, _ := s.Load("alice")
	bob, _ := s.Load("bob")
	if len(alice.Marked) != 1 || len(bob.Marked) != 0 || len(alice.Tags) != 0 {
		t.Fatalf("users are not isolated: alice %v bob %v", alice, bob)
	}
	if err := s.SetTags("", "1", nil); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Load(""); len(p.Tags) != 0 {
		t.Fatal("an empty tag list removes the tags")
	}
	if err := s.SaveSearch("", SavedSearch{Name: "  "}); err == nil {
		t.Fatal("a saved search needs a name")
	}
}

func TestPersonalResolve(t *testing.T) {
	p := Personal{
		Tags:  map[string][]string{"1": {"jak-review"}, "2": {"jak-review", "trials"}, "3": {"trials"}},
		Notes: map[string]string{"2": "Check week 36 SALT", "3": "ask the tutor"},
	}
	cases := []struct {
		query, rest string
		ids         []string
		restrict    bool
	}{
		{"baricitinib", "baricitinib", nil, false},
		{"tag:jak-review", "", []string{"1", "2"}, true},
		{"baricitinib tag:JAK-Review +tag:trials", "baricitinib", []string{"2"}, true},
		{`note:"week 36"`, "", []string{"2"}, true},
		{"note:tutor year:>=2020", "year:>=2020", []string{"3"}, true},
		{"tag:none", "", nil, true},
	}
	for _, c := range cases {
		rest, ids, restrict := p.Resolve(c.query)
		if rest != c.rest || !reflect.DeepEqual(ids, c.ids) || restrict != c.restrict {
			t.Errorf("Resolve(%q) = %q %v %v; want %q %v %v", c.query, rest, ids, restrict, c.rest, c.ids, c.restrict)
		}
	}
}

// TestSavedSearchesKeepTheirOrder: saved searches come back in order of
// creation whatever their names, and a rename keeps the place.
func TestSavedSearchesKeepTheirOrder(t *testing.T) {
	s, err := OpenStateDB(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"bari on my list", "LPP tx newest", "alpha"} {
		if err := s.SaveSearch("me", SavedSearch{Name: name, Query: "q", Created: t0.Add(time.Duration(i) * time.Minute), MarkedOnly: i == 0}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RenameSearch("me", "LPP tx newest", "lpp"); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameSearch("me", "nope", "x"); err == nil {
		t.Fatal("renaming a search that does not exist must fail")
	}
	p, err := s.Load("me")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ss := range p.Saved {
		names = append(names, ss.Name)
	}
	if strings.Join(names, "|") != "bari on my list|lpp|alpha" || !p.Saved[0].MarkedOnly {
		t.Fatalf("saved searches in order %q (marked-only %v)", names, p.Saved[0].MarkedOnly)
	}
}

// TestSearchHistory: queries come back oldest first, a repeated query moves
// to the end, and the oldest go beyond MaxHistory.
func TestSearchHistory(t *testing.T) {
	s, err := OpenStateDB(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{"minoxidil", "baricitinib", "  ", "minoxidil"} {
		if err := s.AddHistory("me", q); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Load("me")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.History, []string{"baricitinib", "minoxidil"}) {
		t.Fatalf("history %q", p.History)
	}
	for i := 0; i < MaxHistory+5; i++ {
		if err := s.AddHistory("me", "q"+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	p, _ = s.Load("me")
	if len(p.History) != MaxHistory || p.History[len(p.History)-1] != "q"+strconv.Itoa(MaxHistory+4) {
		t.Fatalf("history keeps the newest %d: %d, last %q", MaxHistory, len(p.History), p.History[len(p.History)-1])
	}
	if other, _ := s.Load("you"); len(other.History) != 0 {
		t.Fatal("history is per user")
	}
}
