package index

import (
	"context"
	"fmt"
	"testing"

	"github.com/follicle/follicle/store"
)

// TestExportIsNotCutAtTheWindow: an export request returns every match,
// past the 10,000 results a page may reach, with a query, with a filter
// and with neither; a page request past the window is still refused.
func TestExportIsNotCutAtTheWindow(t *testing.T) {
	const n = maxWindow + 123
	papers := make([]store.Paper, n)
	for i := range papers {
		papers[i] = store.Paper{PMID: fmt.Sprint(100000 + i), Title: fmt.Sprintf("Hair study %d", i), Year: 2000 + i%20,
			PubTypes: []string{"Journal Article"}}
	}
	ix := papersIndex(t, papers)
	for _, r := range []Request{
		{Text: "hair", Export: true},
		{Text: "study", Types: []string{"Journal Article"}, Export: true},
		{Export: true},
	} {
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if res.Total != n || len(res.Hits) != n {
			t.Errorf("%+v: %d hits of %d, want all %d", r, len(res.Hits), res.Total, n)
		}
		seen := map[string]bool{}
		for _, h := range res.Hits {
			seen[h.Paper.PMID] = true
		}
		if len(seen) != n {
			t.Errorf("%+v: %d distinct papers, want %d", r, len(seen), n)
		}
	}
	if _, err := ix.Search(context.Background(), Request{Text: "hair", Limit: maxWindow + 1}); err == nil {
		t.Error("a page past the window should still be refused")
	}
}
