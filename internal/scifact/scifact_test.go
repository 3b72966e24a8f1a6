package scifact

import (
	"math"
	"reflect"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
)

func TestMeasures(t *testing.T) {
	rel := map[string]bool{"b": true, "d": true}
	cases := []struct {
		name         string
		ranked       []string
		ndcg, recall float64
	}{
		{"both first", []string{"b", "d", "a"}, 1, 1},
		{"one second", []string{"a", "b", "c"}, (1 / math.Log2(3)) / (1 + 1/math.Log2(3)), 0.5},
		{"none", []string{"a", "c"}, 0, 0},
		{"empty", nil, 0, 0},
		{"past the cut", []string{"a", "c", "e", "f", "g", "h", "i", "j", "k", "l", "b"}, 0, 0.5},
	}
	for _, c := range cases {
		if got := NDCG(c.ranked, rel, 10); math.Abs(got-c.ndcg) > 1e-9 {
			t.Errorf("%s: NDCG = %v, want %v", c.name, got, c.ndcg)
		}
		if got := Recall(c.ranked, rel, 100); math.Abs(got-c.recall) > 1e-9 {
			t.Errorf("%s: Recall = %v, want %v", c.name, got, c.recall)
		}
	}
}

func TestWords(t *testing.T) {
	got := Words("1-1% of (HIV) patients' IL-6 ≥ 2×")
	want := []string{"1", "1", "of", "hiv", "patients", "il", "6", "2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

// TestLoadRealSet reads the shared SciFact files and checks what their
// README states: 5,183 abstracts, 809 training claims, every one judged.
func TestLoadRealSet(t *testing.T) {
	s, err := Load(testdata.Path(t, "scifact"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Docs) != 5183 || len(s.Queries) != 809 || len(s.Judged()) != 809 {
		t.Errorf("%d abstracts, %d claims, %d judged; want 5183, 809, 809", len(s.Docs), len(s.Queries), len(s.Judged()))
	}
	docs, queries := s.Subset(10, 100)
	if len(queries) != 10 || len(docs) != 100 {
		t.Fatalf("Subset(10, 100) = %d docs, %d queries", len(docs), len(queries))
	}
	in := map[string]bool{}
	for _, d := range docs {
		in[d.ID] = true
	}
	for _, q := range queries {
		for id := range s.Relevant[q.ID] {
			if !in[id] {
				t.Errorf("claim %s: relevant abstract %s not in the subset", q.ID, id)
			}
		}
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of an empty folder: no error")
	}
}
