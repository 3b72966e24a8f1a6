package index

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits on what one typed query may ask of the index. Each form below can
// make Bleve walk most of its term dictionary or score most documents many
// times over, so it is refused (or, for fuzziness, reduced) with a message
// that says what to type instead.
const (
	// maxClauses bounds the terms, phrases and patterns of one query.
	maxClauses = 64
	// minFuzzyLength is the shortest word that may have edit distance 2:
	// "hair~2" would match most four-letter words.
	minFuzzyLength = 6
	// minWildcardLiteral is how many letters a wildcard pattern must start
	// with before its first * or ?.
	minWildcardLiteral = 2
)

// guard checks a parsed query against the limits, lowering fuzziness where
// it is too high for a short word. It returns a user-facing error for a
// query that must be refused.
func guard(q query.Query) error {
	clauses, fuzzyWords := 0, 0
	var walk func(q query.Query) error
	walk = func(q query.Query) error {
		switch q := q.(type) {
		case *query.BooleanQuery:
			for _, sub := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
				if sub != nil {
					if err := walk(sub); err != nil {
						return err
					}
				}
			}
		case *query.ConjunctionQuery:
			return walkAll(q.Conjuncts, walk)
		case *query.DisjunctionQuery:
			return walkAll(q.Disjuncts, walk)
		case *query.RegexpQuery:
			return errors.New("regular expressions (/…/) are not supported; use a word, a prefix like minox*, or a phrase")
		case *query.WildcardQuery:
			clauses++
			return checkWildcard(q.Wildcard)
		case *query.MatchQuery:
			clauses++
			// The distance of each analysed term is set where it is
			// searched (fuzzyMatchQuery); here only their number.
			if q.Fuzziness > 0 {
				if fuzzyWords += wordsIn(q.Match); fuzzyWords > maxFuzzyWords {
					return tooManyFuzzyWords()
				}
			}
		case *fuzzyMatchQuery:
			// The same word after rewriteCostly (Follicle's own parser
			// builds its queries rewritten).
			clauses++
			if fuzzyWords += wordsIn(q.inner.Match); fuzzyWords > maxFuzzyWords {
				return tooManyFuzzyWords()
			}
		case *query.MatchPhraseQuery:
			clauses++
			if err := checkPhraseField(q.FieldVal); err != nil {
				return err
			}
		case *query.PhraseQuery:
			clauses++
			if err := checkPhraseField(q.FieldVal); err != nil {
				return err
			}
		case *query.FuzzyQuery:
			clauses++
			if q.Fuzziness > 1 && utf8.RuneCountInString(q.Term) < minFuzzyLength {
				q.SetFuzziness(1)
			}
		default:
			clauses++
		}
		if clauses > maxClauses {
			return fmt.Errorf("more than %d terms in one query; narrow it with a filter or a phrase", maxClauses)
		}
		return nil
	}
	return walk(q)
}

// wordsIn counts the runs of letters and digits in s: at least as many
// as the terms the analyser makes of it.
func wordsIn(s string) int {
	n, in := 0, false
	for _, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && !in {
			n++
		}
		in = word
	}
	return n
}

func walkAll(qs []query.Query, walk func(query.Query) error) error {
	for _, q := range qs {
		if err := walk(q); err != nil {
			return err
		}
	}
	return nil
}

// checkWildcard refuses patterns that start with a wildcard, which Bleve
// can only answer by testing every term of the field.
func checkWildcard(pattern string) error {
	literal := strings.IndexAny(pattern, "*?")
	if literal < 0 {
		literal = len(pattern)
	}
	if literal < minWildcardLiteral {
		if strings.Trim(pattern, "*") == "" {
			return errors.New("* alone is not a search: clear the box to see every paper")
		}
		return fmt.Errorf("%q starts with a wildcard; put at least %d letters before * or ?", pattern, minWildcardLiteral)
	}
	return nil
}

// checkPhraseField refuses a phrase in a field indexed without positions,
// which Bleve would answer with nothing at all.
func checkPhraseField(field string) error {
	if field == "" || positionsIn[field] {
		return nil
	}
	return fmt.Errorf("phrases work in the whole text, title:, journal: and mesh:, not in %s:; drop %s: or the quotes", field, field)
}
