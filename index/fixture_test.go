package index

import (
	"context"
	"testing"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/storetest"
)

func testLibrary(t testing.TB) *store.Library { return storetest.Library(t) }

func testIndex(t testing.TB) *Index {
	t.Helper()
	ix, err := NewMemOnly(context.Background(), testLibrary(t))
	if err != nil {
		t.Fatalf("NewMemOnly: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func pmids(res Result) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Paper.PMID)
	}
	return out
}
