package index

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
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

// rewriteCostly returns q with every wildcard and prefix query scored
// as a constant, every phrase checked for a single word (see
// phraseQuery) and every fuzzy word bounded (see fuzzyMatchQuery). A pattern that is a word followed by * in the default
// field is a typing prefix (lowercase, as the index's terms), so its
// highlights also come from the page's words.
func rewriteCostly(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		out := *q
		out.Must, out.Should, out.MustNot = rewriteCostlyOrNil(q.Must), rewriteCostlyOrNil(q.Should), rewriteCostlyOrNil(q.MustNot)
		return &out
	case *query.ConjunctionQuery:
		out := *q
		out.Conjuncts = rewriteCostlyAll(q.Conjuncts)
		return &out
	case *query.DisjunctionQuery:
		out := *q
		out.Disjuncts = rewriteCostlyAll(q.Disjuncts)
		return &out
	case *query.WildcardQuery:
		if word, ok := strings.CutSuffix(q.Wildcard, "*"); ok && (q.FieldVal == "" || q.FieldVal == FieldText) &&
			!strings.ContainsAny(word, "*?") {
			return &typingPrefixQuery{prefix: strings.ToLower(word)}
		}
		lower := *q
		lower.Wildcard = strings.ToLower(q.Wildcard)
		return &constantScoreQuery{inner: &lower}
	case *query.MatchPhraseQuery:
		return &phraseQuery{inner: q}
	case *query.MatchQuery:
		if q.Fuzziness > 0 {
			return &fuzzyMatchQuery{inner: q}
		}
		return q
	case *query.PrefixQuery:
		lower := *q
		lower.Prefix = strings.ToLower(q.Prefix)
		return &constantScoreQuery{inner: &lower}
	default:
		return q
	}
}

func rewriteCostlyOrNil(q query.Query) query.Query {
	if q == nil {
		return nil
	}
	return rewriteCostly(q)
}

func rewriteCostlyAll(qs []query.Query) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = rewriteCostly(q)
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

// phraseQuery is a quoted phrase that, once analysed, may be a single word:
// "analysis with" loses its stop word. Bleve still runs a phrase searcher
// then, reading the term positions of every paper with the word to check a
// phrase of one (200 ms at a million papers); a term searcher finds the
// same papers.
type phraseQuery struct {
	inner *query.MatchPhraseQuery
}

func (q *phraseQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	field := q.inner.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	analyzerName := q.inner.Analyzer
	if analyzerName == "" {
		analyzerName = m.AnalyzerNameForPath(field)
	}
	if analyzer := m.AnalyzerNamed(analyzerName); analyzer != nil {
		if term, ok := singleTerm(analyzer.Analyze([]byte(q.inner.MatchPhrase))); ok && q.inner.Fuzziness == 0 {
			t := query.NewTermQuery(term)
			t.SetField(field)
			t.SetBoost(q.inner.BoostVal.Value())
			return t.Searcher(ctx, r, m, options)
		}
	}
	return q.inner.Searcher(ctx, r, m, options)
}

// singleTerm returns the term of a token stream whose tokens all stand at
// one position with one term.
func singleTerm(tokens analysis.TokenStream) (string, bool) {
	if len(tokens) == 0 {
		return "", false
	}
	for _, t := range tokens[1:] {
		if t.Position != tokens[0].Position || string(t.Term) != string(tokens[0].Term) {
			return "", false
		}
	}
	return string(tokens[0].Term), true
}
