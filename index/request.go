package index

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
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

// Request is one search: the query text in Bleve's query-string syntax, the
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
	msg := oneLine(e.Err.Error())
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

// buildQuery turns a request into one Bleve query: the text (with the
// as-you-type prefix) AND every filter.
func buildQuery(r Request) (query.Query, error) {
	if utf8.RuneCountInString(r.Text) > MaxQueryLength {
		return nil, &QueryError{Text: r.Text, Err: fmt.Errorf("longer than %d characters", MaxQueryLength)}
	}
	if !utf8.ValidString(r.Text) {
		return nil, &QueryError{Text: r.Text, Err: errors.New("not valid UTF-8")}
	}
	text, err := textQuery(r.Text, r.Prefix)
	if err != nil {
		return nil, &QueryError{Text: r.Text, Err: err}
	}
	return withFilters(text, filterQueries(r)), nil
}

// withFilters requires every filter of the text query. A query string's
// boolean query takes them among its must clauses rather than under a
// conjunction: a conjunction advances the boolean searcher from outside,
// and Bleve's BooleanSearcher.Advance re-advances its should clauses even
// when they already stand on the target, so a paper lost the score of its
// optional words and ranked too low whenever a filter was on. With no must
// clause, the optional words join the filters' conjunction (at least one
// of them had to match anyway), so the rarest of them still leads the
// search.
func withFilters(text query.Query, filters []query.Query) query.Query {
	if len(filters) == 0 {
		return text
	}
	b, ok := text.(*query.BooleanQuery)
	if !ok {
		return bleve.NewConjunctionQuery(append([]query.Query{text}, filters...)...)
	}
	out := *b
	must := append([]query.Query{}, filters...)
	switch {
	case out.Must != nil:
		must = append([]query.Query{out.Must}, must...)
	case out.Should != nil:
		must = append([]query.Query{out.Should}, must...)
		out.Should = nil
	}
	out.Must = bleve.NewConjunctionQuery(must...)
	if out.Should == nil && out.MustNot == nil {
		return out.Must
	}
	return &out
}

func filterQueries(r Request) []query.Query {
	var out []query.Query
	term := func(field, value string) {
		q := bleve.NewTermQuery(value)
		q.SetField(field)
		out = append(out, q)
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

// textQuery parses the query string. With prefix set, a bare last word that
// is still being typed ("barici") also matches as a prefix of indexed terms;
// the query otherwise means what it means on the command line.
func textQuery(text string, prefix bool) (query.Query, error) {
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	if strings.TrimSpace(text) == "" {
		return bleve.NewMatchAllQuery(), nil
	}
	if _, last := splitLastWord(text); prefix && utf8.RuneCountInString(last) >= minPrefixLength {
		if q, ok := widenLastWord(text, last); ok {
			return lonelyClause(q), nil
		}
	}
	q, err := parseQueryString(text)
	if err != nil {
		return nil, err
	}
	return lonelyClause(q), nil
}

// lonelyClause returns the one optional clause of a query string that has
// nothing else ("patients" parses as a boolean query of a disjunction of
// one word), scored the same. Why: Bleve searches it as written, and the
// disjunction's bookkeeping for every match was a quarter of a frequent
// word's search.
func lonelyClause(q query.Query) query.Query {
	b, ok := q.(*query.BooleanQuery)
	if !ok || b.Must != nil || b.MustNot != nil || b.Filter != nil || b.BoostVal != nil {
		return q
	}
	d, ok := b.Should.(*query.DisjunctionQuery)
	if !ok || len(d.Disjuncts) != 1 || d.Min > 1 || d.BoostVal != nil {
		return q
	}
	return d.Disjuncts[0]
}

// widenLastWord parses text as the command line does and lets its last bare
// word (an optional clause of the parsed query) also match as a prefix, so
// typing keeps the query's meaning: "minoxidil ora" finds what "minoxidil
// oral" finds, plus the other words starting with "ora". ok is false when
// the parsed query does not have that shape.
func widenLastWord(text, last string) (query.Query, bool) {
	q, err := parseQueryString(text)
	if err != nil {
		return nil, false
	}
	b, ok := q.(*query.BooleanQuery)
	if !ok {
		return nil, false
	}
	should, ok := b.Should.(*query.DisjunctionQuery)
	if !ok || len(should.Disjuncts) == 0 {
		return nil, false
	}
	i := len(should.Disjuncts) - 1
	word, ok := should.Disjuncts[i].(*query.MatchQuery)
	if !ok || word.FieldVal != "" || word.Fuzziness != 0 || word.Match != last {
		return nil, false
	}
	should.Disjuncts[i] = &typingWordQuery{word: word, prefix: &typingPrefixQuery{prefix: strings.ToLower(last)}}
	return q, true
}

// splitLastWord splits off the last word when it is bare: letters and digits
// only, not inside quotes, not a field value, not prefixed by an operator.
func splitLastWord(text string) (rest, last string) {
	if strings.Count(text, `"`)%2 == 1 {
		return text, ""
	}
	i := strings.LastIndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if i < 0 {
		return "", text
	}
	sep, size := utf8.DecodeRuneInString(text[i:])
	if !unicode.IsSpace(sep) {
		return text, ""
	}
	return text[:i+size], text[i+size:]
}

func parseQueryString(text string) (query.Query, error) {
	qs := bleve.NewQueryStringQuery(text)
	q, err := qs.Parse()
	if err != nil {
		return nil, err
	}
	if err := guard(q); err != nil {
		return nil, err
	}
	return rewriteCostly(q), nil
}
