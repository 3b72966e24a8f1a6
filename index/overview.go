package index

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/follicle/follicle/store"
)

// overview answers the opening screen — every paper, no filters — without
// Bleve. Matching everything makes Bleve visit every document to count
// facets (22 ms at 20,000 papers, growing with the library), yet the answer
// depends only on the library, so it is computed once per Index from the
// per-paper tables the searches count with, and sorted the way Bleve sorts.
type overview struct {
	once   sync.Once
	counts map[string][]FacetCount // by facet field
	order  [3][]int                // paper positions per Sort
}

// isEverything reports whether r matches every paper with no filter, the
// one request the overview answers (textQuery turns blank text into a
// match-all query).
func isEverything(r Request) bool {
	return strings.TrimSpace(r.Text) == "" && len(r.Conditions) == 0 && len(r.Drugs) == 0 && len(r.Types) == 0 &&
		r.YearFrom == 0 && r.YearTo == 0 && r.Source == "" && !r.Restrict
}

func (o *overview) build(lib *store.Library, t *paperTable) {
	o.once.Do(func() {
		t.build(lib)
		all := &collected{counts: make([]int32, len(t.names))}
		for _, v := range t.values {
			all.counts[v]++
		}
		o.counts = all.facets(t, lib)
		papers := lib.Papers()
		for _, s := range []Sort{SortRelevance, SortNewest, SortOldest} {
			o.order[s] = sortedPositions(papers, s)
		}
	})
}

// topCounts orders facet values as Bleve does (count down, then value) and
// keeps the first size.
func topCounts(m map[string]int, size int) []FacetCount {
	out := make([]FacetCount, 0, len(m))
	for v, n := range m {
		out = append(out, FacetCount{Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b FacetCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out[:min(size, len(out))]
}

// sortedPositions orders papers as sortFields(s) orders a match-all search,
// where every score is equal: by year (newest first for relevance and
// newest), then by PMID as a string.
func sortedPositions(papers []store.Paper, s Sort) []int {
	pos := make([]int, len(papers))
	for i := range pos {
		pos[i] = i
	}
	slices.SortStableFunc(pos, func(a, b int) int {
		pa, pb := &papers[a], &papers[b]
		byYear := cmp.Compare(pb.Year, pa.Year)
		if s == SortOldest {
			byYear = -byYear
		}
		return cmp.Or(byYear, cmp.Compare(pa.PMID, pb.PMID))
	})
	return pos
}

// everything is the overview's answer to r (a match-all request).
func (ix *Index) everything(r Request, offset, limit int) Result {
	o := &ix.overview
	o.build(ix.lib, &ix.table)
	papers := ix.lib.Papers()
	out := Result{Total: len(papers)}
	order := o.order[r.Sort]
	for _, i := range order[min(offset, len(order)):min(offset+limit, len(order))] {
		out.Hits = append(out.Hits, Hit{Paper: &papers[i], Score: 1})
	}
	out.Conditions = o.counts[FieldConditionID]
	out.Drugs = o.counts[FieldDrugID]
	out.Types = o.counts[FieldTypeFacet]
	out.Sources = o.counts[FieldSource]
	out.Years = slices.Clone(o.counts[FieldYearFacet])
	slices.SortFunc(out.Years, func(a, b FacetCount) int { return cmp.Compare(b.Value, a.Value) })
	return out
}
