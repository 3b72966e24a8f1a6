package index

import (
	"context"
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Terms returns the index terms text analyses to in the default field, in
// order (stop words dropped, stems kept): what a bare word of a query
// searches for.
func (ix *Index) Terms(text string) []string {
	var out []string
	for _, tok := range ix.analyzer.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// RankWords ranks the papers that hold at least minShould of words in the
// default field and returns the PMIDs of the best limit, best first. It is
// the search path of Search (the shards, the collector, the scorer) without
// the query parser, for measuring ranking on long claims with the "most of
// the words" semantics that the query language builds; minShould 0 or 1
// means any word.
func (ix *Index) RankWords(ctx context.Context, words []string, minShould, limit int) ([]string, error) {
	var clauses []query.Query
	for _, w := range words {
		m := bleve.NewMatchQuery(w)
		m.SetField(FieldText)
		clauses = append(clauses, m)
	}
	if len(clauses) == 0 {
		return nil, errors.New("rank words: no words")
	}
	d := bleve.NewDisjunctionQuery(clauses...)
	d.SetMin(float64(max(0, minShould)))
	c, err := ix.collect(ctx, d, Request{Sort: SortRelevance}, limit)
	if err != nil {
		return nil, fmt.Errorf("rank words: %w", err)
	}
	var out []string
	for _, h := range c.ranked() {
		out = append(out, ix.lib.PMID(int(h.pos)))
	}
	return out, nil
}
