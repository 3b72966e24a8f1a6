package index

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Limits on fuzzy words (word~1, word~2), applied to the terms Bleve would
// expand, not to the typed word: "pa?????s~2" is analysed into the terms
// "pa" and "s", and Bleve ran edit distance 2 on each, matching thousands
// of short terms; 64 copies took 13 s and gigabytes at 44,000 papers.
const (
	// minFuzzyTerm is the shortest analysed term that is matched fuzzily
	// at all; a shorter one is matched exactly.
	minFuzzyTerm = 3
	// maxFuzzyWords bounds the fuzzy terms of one query (a typed fuzzy
	// word may analyse into several).
	maxFuzzyWords = 8
	// maxFuzzyCandidates bounds the dictionary terms one fuzzy term may
	// stand for: each becomes a term searcher per segment, so with
	// maxFuzzyWords it bounds a search's memory (a few MB).
	maxFuzzyCandidates = 256
	// maxFuzzyVisited bounds the dictionary terms read to find them, for
	// an index reader without a Levenshtein automaton.
	maxFuzzyVisited = 100_000
	// fuzzyCheckEvery is how many dictionary terms are read between two
	// looks at the search's deadline.
	fuzzyCheckEvery = 64
)

// termFuzziness is the edit distance an analysed term may have: the
// typed distance, at most 1 below minFuzzyLength runes and 0 below
// minFuzzyTerm (a short term within distance 2 of most short words).
func termFuzziness(term string, typed int) int {
	n := utf8.RuneCountInString(term)
	switch {
	case n < minFuzzyTerm:
		return 0
	case n < minFuzzyLength:
		return min(typed, 1)
	default:
		return min(typed, 2)
	}
}

// fuzzyMatchQuery is a query string's word~N: it analyses the word as Bleve
// does and searches each term within its allowed distance, collecting the
// dictionary terms itself so that the number read, the number kept and the
// search's deadline all bound the expansion (Bleve's own collection looks
// at none of them).
type fuzzyMatchQuery struct {
	inner *query.MatchQuery
}

func (q *fuzzyMatchQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	field := q.inner.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	analyzerName := q.inner.Analyzer
	if analyzerName == "" {
		analyzerName = m.AnalyzerNameForPath(field)
	}
	analyzer := m.AnalyzerNamed(analyzerName)
	if analyzer == nil {
		return nil, fmt.Errorf("no analyzer for field %s", field)
	}
	tokens := analyzer.Analyze([]byte(q.inner.Match))
	if len(tokens) > maxFuzzyWords {
		return nil, tooManyFuzzyWords()
	}
	boost := q.inner.BoostVal.Value()
	var parts []search.Searcher
	closeAll := func() {
		for _, s := range parts {
			s.Close()
		}
	}
	for _, tok := range tokens {
		s, err := fuzzyTermSearcher(ctx, r, string(tok.Term), termFuzziness(string(tok.Term), q.inner.Fuzziness), field, boost, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		parts = append(parts, s)
	}
	switch {
	case len(parts) == 0:
		return searcher.NewMatchNoneSearcher(r)
	case len(parts) == 1:
		return parts[0], nil
	case q.inner.Operator == query.MatchQueryOperatorAnd:
		return searcher.NewConjunctionSearcher(ctx, r, parts, options)
	default:
		return searcher.NewDisjunctionSearcher(ctx, r, parts, 1, options)
	}
}

// fuzzyTermSearcher searches term and the dictionary terms within distance
// of it, each scored by its distance as Bleve scores them.
func fuzzyTermSearcher(ctx context.Context, r bleveindex.IndexReader, term string, distance int, field string,
	boost float64, options search.SearcherOptions) (search.Searcher, error) {
	if distance == 0 {
		return searcher.NewTermSearcher(ctx, r, term, field, boost, options)
	}
	terms, distances, err := fuzzyCandidates(ctx, r, term, distance, field)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 || (len(terms) == 1 && terms[0] == term) {
		return searcher.NewTermSearcher(ctx, r, term, field, boost, options)
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, r, terms, field, boost, distances, options, true)
}

// fuzzyCandidates lists the terms of field within distance of term,
// refusing a term with more than maxFuzzyCandidates of them and stopping
// when ctx ends.
func fuzzyCandidates(ctx context.Context, r bleveindex.IndexReader, term string, distance int, field string) ([]string, []uint8, error) {
	var dict bleveindex.FieldDict
	var err error
	automaton := false
	if fr, ok := r.(bleveindex.IndexReaderFuzzy); ok {
		dict, _, err = fr.FieldDictFuzzyAutomaton(field, term, distance, "")
		automaton = true
	} else {
		dict, err = r.FieldDict(field)
	}
	if err != nil {
		return nil, nil, err
	}
	defer dict.Close()
	var terms []string
	var distances []uint8
	var reuse []int
	visited := 0
	for {
		if visited++; visited%fuzzyCheckEvery == 1 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		if visited > maxFuzzyVisited {
			return nil, nil, tooManyFuzzyMatches(term, distance)
		}
		tfd, err := dict.Next()
		if err != nil {
			return nil, nil, err
		}
		if tfd == nil {
			return terms, distances, nil
		}
		d := int(tfd.EditDistance)
		if !automaton {
			var over bool
			if d, over, reuse = search.LevenshteinDistanceMaxReuseSlice(term, tfd.Term, distance, reuse); over || d > distance {
				continue
			}
		}
		terms, distances = append(terms, tfd.Term), append(distances, uint8(d))
		if len(terms) > maxFuzzyCandidates {
			return nil, nil, tooManyFuzzyMatches(term, distance)
		}
	}
}

func tooManyFuzzyMatches(term string, distance int) error {
	return &QueryError{Text: term, Err: fmt.Errorf("%q~%d is close to more than %d words; type more of the word or use ~1",
		term, distance, maxFuzzyCandidates)}
}

func tooManyFuzzyWords() error {
	return fmt.Errorf("more than %d fuzzy (~) words in one query; drop some of the ~", maxFuzzyWords)
}
