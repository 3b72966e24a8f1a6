package index

import (
	"context"
	"testing"
	"time"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/storetest"
)

func testLibrary(t testing.TB) *store.Library { return storetest.Library(t) }

// testBudget replaces SearchBudget in tests that judge answers, not time:
// on a loaded machine an ordinary search of the test corpora can outlast
// 200 ms, and the test would then fail on the machine's speed.
// TestSearchBudget sets its own.
const testBudget = time.Minute

// unhurried gives ix the test budget and returns it.
func unhurried(ix *Index) *Index {
	ix.budget = testBudget
	return ix
}

func testIndex(t testing.TB) *Index {
	t.Helper()
	ix, err := NewMemOnly(context.Background(), testLibrary(t))
	if err != nil {
		t.Fatalf("NewMemOnly: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return unhurried(ix)
}

// papersIndex is an in-memory index of papers linked with the bundled
// lexicon, for tests that need a handful of papers of their own.
func papersIndex(t testing.TB, papers []store.Paper) *Index {
	t.Helper()
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := NewMemOnly(context.Background(), lib)
	if err != nil {
		t.Fatalf("NewMemOnly: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return unhurried(ix)
}

func pmids(res Result) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Paper.PMID)
	}
	return out
}
