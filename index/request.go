package index

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/follicle/follicle/store"
)

// Sort orders the hits.
type Sort int

// The sort orders a user can cycle through.
const (
	SortRelevance Sort = iota
	SortNewest
	SortOldest
)

// String names the sort for the status line and the command line.
func (s Sort) String() string {
	switch s {
	case SortNewest:
		return "newest"
	case SortOldest:
		return "oldest"
	default:
		return "relevance"
	}
}

// Next cycles relevance → newest → oldest → relevance.
func (s Sort) Next() Sort { return (s + 1) % 3 }

// ParseSort reads a sort name as the command line spells it.
func ParseSort(name string) (Sort, error) {
	for _, s := range []Sort{SortRelevance, SortNewest, SortOldest} {
		if strings.EqualFold(name, s.String()) {
			return s, nil
		}
	}
	return SortRelevance, fmt.Errorf("unknown sort %q (want relevance, newest or oldest)", name)
}

// MaxQueryLength caps the query text; longer queries are refused rather than
// handed to the parser.
const MaxQueryLength = 1000

// minPrefixLength is the shortest last word that is also matched as a prefix
// while typing: one or two letters would expand to most of the dictionary.
const minPrefixLength = 3

// Request is one search: the query text in Follicle's query language (see
// parseQuery and the README), the
// active filters, the sort and the page. The TUI and the command line both
// build one, so they share semantics exactly.
type Request struct {
	Text string
	// Prefix also matches the last bare word of Text as a prefix, as a user
	// types it.
	Prefix     bool
	Conditions []string // entity IDs; a paper must be about all of them
	Drugs      []string
	Types      []string // publication types, exact
	YearFrom   int      // 0 means no lower bound
	YearTo     int      // 0 means no upper bound
	Source     string   // store.OriginBundled, store.OriginImported or ""
	// OnlyIDs, when Restrict is set, limits the search to these PMIDs (a
	// reading list, a tag): an empty list then matches nothing.
	OnlyIDs  []string
	Restrict bool
	Sort     Sort
	Offset   int
	Limit    int
	// Personal is the user's state that tag: and note: clauses search
	// (nil: they match nothing).
	Personal *store.Personal
	// Export marks a bulk request (every match, for an export): the
	// caller's context bounds it instead of SearchBudget, it carries no
	// highlight spans, the 10,000-result window of a page does not apply,
	// and a Limit of 0 means every match.
	Export bool
}

// QueryError is a query the user typed that cannot be run. Its message is a
// single line fit for a status bar.
type QueryError struct {
	Text string
	Err  error
}

func (e *QueryError) Error() string {
	msg := oneLine(store.CleanText(e.Err.Error())) // it quotes what the user typed
	if msg == "syntax error" {
		msg = "syntax error (check quotes, brackets, +/- and field:value pairs)"
	}
	return "query: " + msg
}

func (e *QueryError) Unwrap() error { return e.Err }

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 160
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}

// filterQueries are the request's own filters (the panes' selections, the
// reading list), each scored the same for every paper it lets through, as
// a filter typed in the query is.
func filterQueries(r Request) []query.Query {
	var out []query.Query
	term := func(field, value string) {
		out = append(out, keywordTerm(field, value))
	}
	for _, id := range r.Conditions {
		term(FieldConditionID, id)
	}
	for _, id := range r.Drugs {
		term(FieldDrugID, id)
	}
	if len(r.Types) > 0 {
		var any []query.Query
		for _, t := range r.Types {
			q := bleve.NewTermQuery(t)
			q.SetField(FieldTypeFacet)
			any = append(any, q)
		}
		out = append(out, bleve.NewDisjunctionQuery(any...))
	}
	if r.Source != "" {
		term(FieldSource, r.Source)
	}
	if r.Restrict {
		out = append(out, bleve.NewDocIDQuery(r.OnlyIDs))
	}
	if r.YearFrom > 0 || r.YearTo > 0 {
		out = append(out, yearRange(r.YearFrom, r.YearTo))
	}
	for i, q := range out {
		out[i] = filter(q)
	}
	return out
}

func yearRange(from, to int) query.Query {
	var lo, hi *float64
	inclusive := true
	if from > 0 {
		f := float64(from)
		lo = &f
	}
	if to > 0 {
		t := float64(to)
		hi = &t
	}
	q := bleve.NewNumericRangeInclusiveQuery(lo, hi, &inclusive, &inclusive)
	q.SetField(FieldYear)
	return q
}

// parseQueryString parses text as a query without an index: no entity
// names, tags or notes are resolved. Tests of the query's form use it.
func parseQueryString(text string) (query.Query, error) {
	plan, err := planText(text, false, defaultEnv())
	if err != nil {
		return nil, err
	}
	q := plan.strict()
	if err := guard(q); err != nil {
		return nil, err
	}
	return q, nil
}
