package index

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Patterns (minox*, m?noxidil, title:alo*) match every term they describe
// with one constant score, as Lucene rewrites them: a term matched by a
// pattern says little about relevance, and Bleve scored each of the
// hundreds or thousands of terms a short pattern expands to ("th*" took
// 20 ms at 20,000 papers and grows with the library), where without scores
// it ORs their posting bitmaps.

// constantPatterns returns q with every wildcard and prefix query scored
// as a constant. A pattern that is a word followed by * in the default
// field is a typing prefix (lowercase, as the index's terms), so its
// highlights also come from the page's words.
func constantPatterns(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		out := *q
		out.Must, out.Should, out.MustNot = constantPatternsOrNil(q.Must), constantPatternsOrNil(q.Should), constantPatternsOrNil(q.MustNot)
		return &out
	case *query.ConjunctionQuery:
		out := *q
		out.Conjuncts = constantPatternsAll(q.Conjuncts)
		return &out
	case *query.DisjunctionQuery:
		out := *q
		out.Disjuncts = constantPatternsAll(q.Disjuncts)
		return &out
	case *query.WildcardQuery:
		if word, ok := strings.CutSuffix(q.Wildcard, "*"); ok && (q.FieldVal == "" || q.FieldVal == FieldText) &&
			!strings.ContainsAny(word, "*?") {
			return &typingPrefixQuery{prefix: strings.ToLower(word)}
		}
		lower := *q
		lower.Wildcard = strings.ToLower(q.Wildcard)
		return &constantScoreQuery{inner: &lower}
	case *query.PrefixQuery:
		lower := *q
		lower.Prefix = strings.ToLower(q.Prefix)
		return &constantScoreQuery{inner: &lower}
	default:
		return q
	}
}

func constantPatternsOrNil(q query.Query) query.Query {
	if q == nil {
		return nil
	}
	return constantPatterns(q)
}

func constantPatternsAll(qs []query.Query) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = constantPatterns(q)
	}
	return out
}

// constantScoreQuery scores every match of inner the same; unscored, Bleve
// ORs the bitmaps of a multi-term query's terms. Term locations (for the
// page) still come from the per-term searchers.
type constantScoreQuery struct {
	inner query.Query
}

func (q *constantScoreQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	inner := options
	if !options.IncludeTermVectors {
		inner = search.SearcherOptions{Score: "none"}
	}
	s, err := q.inner.Searcher(ctx, r, m, inner)
	if err != nil {
		return nil, err
	}
	return &constantScoreSearcher{Searcher: s, boost: 1.0, score: 1.0}, nil
}
