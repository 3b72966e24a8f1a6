package index

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

func TestExpensiveQueriesAreRefused(t *testing.T) {
	ix := testIndex(t)
	many := strings.TrimSpace(strings.Repeat("hair ", maxClauses+1))
	for _, tc := range []struct {
		text, want string
	}{
		{"*", "clear the box"},
		{"***", "clear the box"},
		{"*cellulitis", "starts with a wildcard"},
		{"?air", "starts with a wildcard"},
		{"title:*itinib", "starts with a wildcard"},
		{"/bar.*/", "regular expressions"},
		{"abstract:/min.*/", "regular expressions"},
		{many, "more than 64 terms"},
		{"+alopecia -(" + many + ")", "more than 64 terms"},
		{`abstract:"oral minoxidil"`, "not in abstract:"},
		{`author:"kingston a"`, "not in author:"},
	} {
		_, err := ix.Search(context.Background(), Request{Text: tc.text})
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want a query error saying %q", tc.text, err, tc.want)
		}
	}
}

func TestReasonableQueriesPass(t *testing.T) {
	ix := testIndex(t)
	for _, text := range []string{
		"bar*", "ba*itinib", "baricitinib~2", "minoxidl~1", `"alopecia areata"`, `title:"alopecia areata"`, "abstract:foam",
		strings.TrimSpace(strings.Repeat("hair ", maxClauses)),
	} {
		if _, err := ix.Search(context.Background(), Request{Text: text}); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}

func TestShortWordsGetFuzzinessOne(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"hair~2", 1},
		{"alopecia~2", 2},
		{"hair~1", 1},
		{"+hair~2 +scalp", 1},
	} {
		q, err := parseQueryString(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if got := fuzziness(q); got != tc.want {
			t.Errorf("%q: fuzziness %d, want %d", tc.text, got, tc.want)
		}
	}
}

// fuzziness is the largest fuzziness of any match in q.
func fuzziness(q query.Query) int {
	best := 0
	switch q := q.(type) {
	case *query.MatchQuery:
		return q.Fuzziness
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot} {
			if sub != nil {
				best = max(best, fuzziness(sub))
			}
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			best = max(best, fuzziness(sub))
		}
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			best = max(best, fuzziness(sub))
		}
	}
	return best
}
