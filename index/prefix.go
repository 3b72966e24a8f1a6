package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// typingPrefixQuery matches the word still being typed as a prefix of
// indexed terms, with one constant score for every paper it matches, as
// Lucene scores its prefix queries. Why: "pati" expands to hundreds of
// terms that together match three papers in four, and scoring each term
// in a disjunction heap took 20–50 ms at 200,000 papers; without scores
// Bleve ORs the terms' posting bitmaps instead. The rest of the query
// still ranks, and the finished word ranks by its own score.
type typingPrefixQuery struct {
	prefix string
	field  string // "" means the mapping's default field
}

func (q *typingPrefixQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	field := q.field
	if field == "" {
		field = m.DefaultSearchField()
	}
	inner := options
	if !options.IncludeTermVectors {
		// Only a request for term locations (the visible page) needs the
		// per-term searchers; otherwise the bitmaps are enough.
		inner = search.SearcherOptions{Score: "none"}
	}
	s, err := searcher.NewTermPrefixSearcher(ctx, r, q.prefix, field, 1.0, inner)
	if err != nil {
		return nil, err
	}
	return &constantScoreSearcher{Searcher: s, boost: 1.0, score: 1.0}, nil
}

// constantScoreSearcher gives every match of the searcher it wraps the same
// score, weighted and normalised as Bleve's constant scorer does, and keeps
// the match's term locations.
type constantScoreSearcher struct {
	search.Searcher
	boost float64
	score float64
}

func (s *constantScoreSearcher) Weight() float64 { return s.boost * s.boost }

func (s *constantScoreSearcher) SetQueryNorm(norm float64) { s.score = s.boost * norm }

func (s *constantScoreSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d != nil {
		d.Score = s.score
	}
	return d, err
}

func (s *constantScoreSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d != nil {
		d.Score = s.score
	}
	return d, err
}
