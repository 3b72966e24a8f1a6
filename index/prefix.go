package index

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
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
}

func (q *typingPrefixQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	// Always the default field: the page's highlights for it come from
	// the title and text (prefixSpans).
	prefix := query.NewPrefixQuery(q.prefix)
	prefix.SetField(m.DefaultSearchField())
	return (&constantScoreQuery{inner: prefix}).Searcher(ctx, r, m, options)
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

// locationQuery returns what the page's term locations are asked with:
// every clause of q that can match a paper and report where (q without its
// must-not clauses and match-alls), as one disjunction, or nil when there
// is none; and the typing prefixes it left out. The page's papers already
// match q, so each reports where its matching clauses matched, as with q.
//
// Why not q itself: (1) asking Bleve where a prefix matched builds a term
// searcher for each of its completions (hundreds for three or four
// letters), half of a typing search's time at 200,000 papers, while the
// page is fifty known papers whose words prefixSpans reads directly; (2)
// restricted to the page, q's boolean searcher is advanced from outside,
// and Bleve's BooleanSearcher.Advance re-advances its should clauses even
// when they already stand on the target, losing their match there (a
// highlight missing from some hits); disjunctions only advance clauses
// that are behind.
func locationQuery(q query.Query) (query.Query, []string) {
	var leaves []query.Query
	var prefixes []string
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case nil:
		case *typingPrefixQuery:
			prefixes = append(prefixes, q.prefix)
		case *typingWordQuery:
			walk(q.word)
			walk(q.prefix)
		case *query.BooleanQuery:
			walk(q.Must)
			walk(q.Should)
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				walk(c)
			}
		case *query.DisjunctionQuery:
			for _, d := range q.Disjuncts {
				walk(d)
			}
		case *query.MatchAllQuery, *query.MatchNoneQuery:
		default:
			leaves = append(leaves, q)
		}
	}
	walk(q)
	if len(leaves) == 0 {
		return nil, prefixes
	}
	return query.NewDisjunctionQuery(leaves), prefixes
}

// prefixSpans finds the words of s that a typing prefix matches: the
// tokens whose analysed term (lower case, stemmed, not a stop word) starts
// with one of the prefixes, where Bleve's term locations would put them.
// Only the space-delimited chunks holding a word that starts with a prefix
// are analysed (a token never spans a space), so a page costs
// microseconds.
func prefixSpans(s string, prefixes []string, analyzer analysis.Analyzer) []Span {
	var out []Span
	for start := 0; start < len(s); {
		r, size := utf8.DecodeRuneInString(s[start:])
		if unicode.IsSpace(r) {
			start += size
			continue
		}
		end := start + size
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if unicode.IsSpace(r) {
				break
			}
			end += size
		}
		if chunk := s[start:end]; hasWordWithPrefix(chunk, prefixes) {
			for _, tok := range analyzer.Analyze([]byte(chunk)) {
				if startsWithAny(string(tok.Term), prefixes) {
					out = append(out, Span{Start: start + tok.Start, End: start + tok.End})
				}
			}
		}
		start = end
	}
	return out
}

// hasWordWithPrefix reports whether a run of letters and digits in chunk
// starts, in lower case, with one of the prefixes. It allocates nothing:
// every chunk of a page's text passes through it.
func hasWordWithPrefix(chunk string, prefixes []string) bool {
	inWord := false
	for i, r := range chunk {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		if letter && !inWord {
			for _, p := range prefixes {
				if hasPrefixFold(chunk[i:], p) {
					return true
				}
			}
		}
		inWord = letter
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case prefix p,
// ignoring the case of s.
func hasPrefixFold(s, p string) bool {
	for _, pr := range p {
		if s == "" {
			return false
		}
		r, size := utf8.DecodeRuneInString(s)
		if unicode.ToLower(r) != pr {
			return false
		}
		s = s[size:]
	}
	return true
}

func startsWithAny(word string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(word, p) {
			return true
		}
	}
	return false
}
