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
// depends only on the library: the counts are summed once per Index from
// the per-paper tables, and the orders were sorted, the way Bleve sorts,
// when the tables were made.
type overview struct {
	once   sync.Once
	counts map[string][]FacetCount // by facet field
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
		all := &collected{counts: make([]int32, len(t.names))}
		for _, v := range t.values {
			all.counts[v]++
		}
		o.counts = all.facets(t, lib)
	})
}

// Tally counts every facet value over the whole library, by facet field,
// for reports that need all of them (a search keeps the top values).
func (ix *Index) Tally() map[string]map[string]int {
	t := ix.table
	counts := make([]int, len(t.names))
	for _, v := range t.values {
		counts[v]++
	}
	out := map[string]map[string]int{}
	for id, n := range counts {
		for field, prefix := range facetPrefixes {
			if value, ok := strings.CutPrefix(t.names[id], prefix); ok {
				if out[field] == nil {
					out[field] = map[string]int{}
				}
				out[field][value] = n
			}
		}
	}
	return out
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

// everything is the overview's answer to r (a match-all request).
func (ix *Index) everything(r Request, offset, limit int) (Result, error) {
	o := &ix.overview
	o.build(ix.lib, ix.table)
	out := Result{Total: ix.table.papers()}
	order := ix.table.order(r.Sort)
	for _, i := range order[min(offset, len(order)):min(offset+limit, len(order))] {
		p, err := ix.lib.PaperAt(int(i))
		if err != nil {
			return Result{}, err
		}
		out.Hits = append(out.Hits, Hit{Paper: p, Score: 1})
	}
	out.Conditions = o.counts[FieldConditionID]
	out.Drugs = o.counts[FieldDrugID]
	out.Types = o.counts[FieldTypeFacet]
	out.Sources = o.counts[FieldSource]
	out.Years = slices.Clone(o.counts[FieldYearFacet])
	slices.SortFunc(out.Years, func(a, b FacetCount) int { return cmp.Compare(b.Value, a.Value) })
	return out, nil
}
