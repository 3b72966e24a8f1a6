package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// typingWordQuery is the last word of a query being typed: the word as
// typed, ranked as any word, or one of its completions (typingPrefixQuery)
// at a constant score; a paper with both scores both.
//
// Why not Bleve's disjunction of the two: it merges its clauses' matches
// through a generic heap with coordination and location bookkeeping for
// every match, and both clauses of a frequent word ("effect" and its
// completions) match most papers: the disjunction doubled the search for
// the final keystroke. This searcher merges exactly two sorted streams.
type typingWordQuery struct {
	word   *query.MatchQuery
	prefix *typingPrefixQuery
}

func (q *typingWordQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	word, err := q.word.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	prefix, err := q.prefix.Searcher(ctx, r, m, options)
	if err != nil {
		word.Close()
		return nil, err
	}
	// A clause that matches nothing needs no merging (a word that is only
	// a stop word, a prefix no term starts with).
	if _, none := prefix.(*searcher.MatchNoneSearcher); none {
		prefix.Close()
		return word, nil
	}
	if _, none := word.(*searcher.MatchNoneSearcher); none {
		word.Close()
		return prefix, nil
	}
	return &typingWordSearcher{word: word, prefix: prefix, locations: options.IncludeTermVectors}, nil
}

// typingWordSearcher merges the matches of the word and of its
// completions, both in document order.
type typingWordSearcher struct {
	word, prefix         search.Searcher
	currWord, currPrefix *search.DocumentMatch
	started, locations   bool
}

func (s *typingWordSearcher) start(ctx *search.SearchContext) error {
	s.started = true
	var err error
	if s.currWord, err = s.word.Next(ctx); err != nil {
		return err
	}
	s.currPrefix, err = s.prefix.Next(ctx)
	return err
}

func (s *typingWordSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	w, p := s.currWord, s.currPrefix
	var err error
	switch {
	case w == nil && p == nil:
		return nil, nil
	case p == nil || (w != nil && w.IndexInternalID.Compare(p.IndexInternalID) < 0):
		s.currWord, err = s.word.Next(ctx)
		return w, err
	case w == nil || p.IndexInternalID.Compare(w.IndexInternalID) < 0:
		s.currPrefix, err = s.prefix.Next(ctx)
		return p, err
	}
	// Both matched this paper.
	w.Score += p.Score
	if s.locations {
		w.FieldTermLocations = search.MergeFieldTermLocationsFromMatch(w.FieldTermLocations, p)
	}
	ctx.DocumentMatchPool.Put(p)
	if s.currWord, err = s.word.Next(ctx); err != nil {
		return nil, err
	}
	s.currPrefix, err = s.prefix.Next(ctx)
	return w, err
}

// Advance moves each stream that stands before id to id (a stream already
// at or past it keeps its match), then returns the next match.
func (s *typingWordSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	var err error
	if s.currWord != nil && s.currWord.IndexInternalID.Compare(id) < 0 {
		ctx.DocumentMatchPool.Put(s.currWord)
		if s.currWord, err = s.word.Advance(ctx, id); err != nil {
			return nil, err
		}
	}
	if s.currPrefix != nil && s.currPrefix.IndexInternalID.Compare(id) < 0 {
		ctx.DocumentMatchPool.Put(s.currPrefix)
		if s.currPrefix, err = s.prefix.Advance(ctx, id); err != nil {
			return nil, err
		}
	}
	return s.Next(ctx)
}

func (s *typingWordSearcher) Close() error {
	werr := s.word.Close()
	if perr := s.prefix.Close(); werr == nil {
		werr = perr
	}
	return werr
}

func (s *typingWordSearcher) Weight() float64 { return s.word.Weight() + s.prefix.Weight() }

func (s *typingWordSearcher) SetQueryNorm(norm float64) {
	s.word.SetQueryNorm(norm)
	s.prefix.SetQueryNorm(norm)
}

func (s *typingWordSearcher) Count() uint64 { return s.word.Count() + s.prefix.Count() }

func (s *typingWordSearcher) Min() int { return 0 }

func (s *typingWordSearcher) Size() int { return 64 + s.word.Size() + s.prefix.Size() }

// DocumentMatchPoolSize counts the two matches this searcher holds.
func (s *typingWordSearcher) DocumentMatchPoolSize() int {
	return 2 + s.word.DocumentMatchPoolSize() + s.prefix.DocumentMatchPoolSize()
}
