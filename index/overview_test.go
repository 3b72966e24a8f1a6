package index

import (
	"context"
	"reflect"
	"testing"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
)

// TestOverviewMatchesBleve checks that the precomputed answer to "every
// paper" is exactly what Bleve returns: totals, hit order on every sort and
// page, and every facet.
func TestOverviewMatchesBleve(t *testing.T) {
	bundled, err := store.LoadBundled(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	for name, lib := range map[string]*store.Library{"fixture": testLibrary(t), "bundled": bundled} {
		t.Run(name, func(t *testing.T) {
			ix, err := NewMemOnly(context.Background(), lib)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			compareOverview(t, unhurried(ix))
		})
	}
}

func compareOverview(t *testing.T, ix *Index) {
	n := ix.Library().Len()
	for _, r := range []Request{
		{},
		{Text: "  ", Prefix: true},
		{Sort: SortNewest},
		{Sort: SortOldest},
		{Sort: SortOldest, Offset: 2, Limit: 2},
		{Offset: n - 1, Limit: 5},
		{Offset: n + 3, Limit: 5},
		{Sort: SortNewest, Offset: n / 2, Limit: 100},
	} {
		if !isEverything(r) {
			t.Fatalf("%+v should be answered by the overview", r)
		}
		fast, err := ix.search(context.Background(), r, true, true)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := ix.search(context.Background(), r, false, false)
		if err != nil {
			t.Fatal(err)
		}
		fast.Took, slow.Took = 0, 0
		if got, want := pmids(fast), pmids(slow); !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: overview hits %v, Bleve %v", r, got, want)
		}
		fast.Hits, slow.Hits = nil, nil
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%+v: overview\n%+v\nBleve\n%+v", r, fast, slow)
		}
	}
}

func TestOverviewOnlyForEverything(t *testing.T) {
	for _, r := range []Request{
		{Text: "alopecia"},
		{Text: "*"},
		{Conditions: []string{"alopecia-areata"}},
		{Drugs: []string{"baricitinib"}},
		{Types: []string{"Review"}},
		{YearFrom: 2020},
		{YearTo: 2020},
		{Source: "bundled"},
		{Restrict: true},
		{Text: `"unclosed`},
	} {
		if isEverything(r) {
			t.Errorf("%+v must go to Bleve", r)
		}
	}
}
