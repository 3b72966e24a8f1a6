package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
)

// describe writes a Bleve query compactly, so parser tests can state the
// query they expect.
func describe(q query.Query) string {
	list := func(op string, qs []query.Query) string {
		var parts []string
		for _, s := range qs {
			parts = append(parts, describe(s))
		}
		return op + "(" + strings.Join(parts, " ") + ")"
	}
	field := func(f string) string {
		if f == "" {
			return FieldText
		}
		return f
	}
	switch q := q.(type) {
	case nil:
		return "nil"
	case *query.ConjunctionQuery:
		return list("AND", q.Conjuncts)
	case *query.DisjunctionQuery:
		op := "OR"
		if q.Min > 1 {
			op = fmt.Sprintf("ATLEAST%d", int(q.Min))
		}
		return list(op, q.Disjuncts)
	case *query.BooleanQuery:
		return "(" + describe(q.Must) + " NOT " + describe(q.MustNot) + ")"
	case *query.MatchQuery:
		s := field(q.FieldVal) + ":" + q.Match
		if q.Fuzziness > 0 {
			s += fmt.Sprintf("~%d", q.Fuzziness)
		}
		if q.Operator == query.MatchQueryOperatorAnd {
			s += "&"
		}
		return s
	case *fuzzyMatchQuery:
		return describe(q.inner)
	case *phraseQuery:
		return field(q.inner.FieldVal) + `:"` + q.inner.MatchPhrase + `"`
	case *query.MatchPhraseQuery:
		return field(q.FieldVal) + `:"` + q.MatchPhrase + `"`
	case *query.TermQuery:
		return q.FieldVal + "=" + q.Term
	case *query.NumericRangeQuery:
		lo, hi := "", ""
		if q.Min != nil {
			lo = fmt.Sprint(*q.Min)
		}
		if q.Max != nil {
			hi = fmt.Sprint(*q.Max)
		}
		return q.FieldVal + "=" + lo + ".." + hi
	case *query.DocIDQuery:
		return fmt.Sprintf("ids%v", q.IDs)
	case *constantScoreQuery:
		return "const[" + describe(q.inner) + "]"
	case *query.WildcardQuery:
		return field(q.FieldVal) + ":" + q.Wildcard
	case *typingPrefixQuery:
		return "prefix:" + q.prefix
	case *typingWordQuery:
		return "typing(" + describe(q.word) + " " + describe(q.prefix) + ")"
	case *query.MatchAllQuery:
		return "ALL"
	case *query.MatchNoneQuery:
		return "NONE"
	default:
		return fmt.Sprintf("%T", q)
	}
}

// bundled is the bundled corpus in memory, built once for the query
// tests (they only read it).
var bundled struct {
	once sync.Once
	ix   *Index
	err  error
}

// bundledIndex is the bundled corpus in memory: the library the issue's
// examples were found in.
func bundledIndex(t testing.TB) *Index {
	t.Helper()
	bundled.once.Do(func() {
		lib, err := store.LoadBundled(data.FS())
		if err != nil {
			bundled.err = err
			return
		}
		bundled.ix, bundled.err = NewMemOnly(context.Background(), lib)
	})
	if bundled.err != nil {
		t.Fatal(bundled.err)
	}
	return bundled.ix
}

// TestQueryParsesTo: each query form builds the Bleve query it means.
func TestQueryParsesTo(t *testing.T) {
	ix := bundledIndex(t)
	cases := []struct {
		text, want string
		prefix     bool
	}{
		{"minoxidil", "text:minoxidil", false},
		{"jak alopecia areata", "AND(text:jak text:alopecia text:areata)", false},
		{"the minoxidil of", "text:minoxidil", false},
		{"minoxidil OR finasteride", "OR(text:minoxidil text:finasteride)", false},
		{"minoxidil AND finasteride", "AND(text:minoxidil text:finasteride)", false},
		{"minoxidil NOT foam", "(text:minoxidil NOT text:foam)", false},
		{"minoxidil -foam", "(text:minoxidil NOT text:foam)", false},
		{"+minoxidil foam", "AND(text:minoxidil text:foam)", false},
		// Left to right, as PubMed.
		{"a1 OR b1 c1", "AND(text:c1 OR(text:a1 text:b1))", false},
		{"a1 OR (b1 c1)", "OR(text:a1 AND(text:b1 text:c1))", false},
		// Quotes: as written in the title or abstract, not by other names.
		{`"hair loss" women`, `AND(AND(text:"hair loss" const[OR(title:"hair loss" abstract:hair loss&)]) text:women)`, false},
		{`"Olumiant"`, `AND(text:"Olumiant" const[OR(title:"Olumiant" abstract:Olumiant&)])`, false},
		{"IL-6", `text:"IL-6"`, false},
		{"minoxdil~1", "text:minoxdil~1", false},
		{"minoxdil~", "text:minoxdil~1", false},
		{"hair~2", "text:hair~1", false},
		{"alopeci*", "prefix:alopeci", false},
		{"title:alopecia", "title:alopecia", false},
		{`title:"hair loss"`, `title:"hair loss"`, false},
		{"author:kingston", "author:kingston", false},
		{"year:>=2020 ritlecitinib", "AND(text:ritlecitinib const[year=2020..])", false},
		{"year:2019..2024", "const[year=2019..2024]", false},
		{"year:<2015", "const[year=..2014]", false},
		{"condition:AA", "const[condition_id=alopecia-areata]", false},
		{`drug:"JAK inhibitor"`, "const[drug_id=jak-inhibitors]", false},
		{"drug:Olumiant", "const[drug_id=baricitinib]", false},
		{`condition:"female pattern hair loss"`, "const[condition_id=female-pattern-hair-loss]", false},
		{`type:"randomized controlled trial"`, "const[type_facet=Randomized Controlled Trial]", false},
		{"type:review", "const[type_facet=Review]", false},
		{"type:controlled trial", "AND(text:trial const[type:controlled&])", false},
		{`type:"controlled trial"`, "const[type:controlled trial&]", false},
		{"-drug:minoxidil alopecia", "(text:alopecia NOT const[drug_id=minoxidil])", false},
		{"source:imported", "const[source=imported]", false},
		{"pmid:37042112", "const[pmid=37042112]", false},
		{"tag:exam", "const[ids[]]", false},
		// PubMed field tags.
		{"alopecia[tiab]", "OR(title:alopecia abstract:alopecia)", false},
		{"hair loss[tiab]", `AND(text:"hair loss" const[OR(title:"hair loss" abstract:hair loss&)])`, false},
		{`"hair loss"[ti]`, `title:"hair loss"`, false},
		{"alopecia, androgenetic[mh]", `mesh:"alopecia, androgenetic"`, false},
		{"smith j[au]", "author:smith j&", false},
		{"2019:2024[dp]", "const[year=2019..2024]", false},
		{"review[pt]", "const[type_facet=Review]", false},
		{"english[la] minoxidil", "AND(text:minoxidil const[language=eng])", false},
		{"(alopeci*[tiab] OR baldness[tiab]) AND minoxidil[tiab]",
			"AND(OR(OR(const[title:alopeci*] const[abstract:alopeci*]) OR(title:baldness abstract:baldness)) OR(title:minoxidil abstract:minoxidil))", false},
		// The word being typed.
		{"minoxidil ora", "AND(text:minoxidil typing(text:ora prefix:ora))", true},
		{"minoxidil ora ", "AND(text:minoxidil typing(text:ora prefix:ora))", true},
		{"minoxidil or", "text:minoxidil", true},
		{"-ora", "( NOT text:ora)", true},
		{"the", "NONE", false},
		{"", "ALL", false},
	}
	for _, c := range cases {
		plan, err := planQuery(Request{Text: c.text, Prefix: c.prefix}, ix.env(Request{}))
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		if got := strings.ReplaceAll(describe(plan.strict()), "nil", ""); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.text, got, c.want)
		}
	}
}

// TestQueryErrors: every malformed query is refused with what is wrong
// and where.
func TestQueryErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"((", "unclosed ( at column 2"},
		{"(a OR (b)", "unclosed ( at column 1"},
		{"(a", "unclosed ( at column 1"},
		{"a)", "unmatched ) at column 2"},
		{"()", "empty brackets () at column 1"},
		{"a~9", "a~9: a word may differ by ~1 or ~2 letters, not ~9 at column 2"},
		{`title:"unterminated`, `unclosed quote " at column 7`},
		{`minoxidil "foam`, `unclosed quote " at column 11`},
		{"minoxidil OR", "OR needs a clause after it at column 11"},
		{"AND minoxidil", "AND needs a clause before it at column 1"},
		{"a AND OR b", "AND needs a clause after it at column 3"},
		{"titel:alopecia", "unknown field titel: (known: title, abstract"},
		{"alopecia[tiab", "unclosed [ (a field tag is written like [tiab]) at column 9"},
		{"[tiab]", "[tiab] follows no word at column 1"},
		{"year:>=abc", "year:>=abc: want a year like 2020"},
		{"year:2024..2019", "the range ends before it starts"},
		{"source:mine", "source:mine: want source:bundled or source:imported at column 1"},
		{"*", "* alone is not a search"},
		{"*itinib", "starts with a wildcard"},
		{"/min.*/", "regular expressions"},
		{"title:(a OR b)", "title:(…) is not supported"},
		{"(a OR b)[tiab]", "a field tag applies to a word or a phrase, not to brackets"},
		{"+", "+ needs a word after it at column 1"},
		{strings.Repeat("(", maxDepth+1) + "a" + strings.Repeat(")", maxDepth+1), "nested deeper than 32"},
	}
	ix := bundledIndex(t)
	for _, c := range cases {
		_, err := ix.Search(context.Background(), Request{Text: c.text})
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want a query error saying %q", c.text, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error of several lines: %q", c.text, err)
		}
	}
}

// searchAll runs r on ix with every match listed.
func searchAll(t *testing.T, ix *Index, r Request) Result {
	t.Helper()
	r.Limit = maxWindow
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("%q: %v", r.Text, err)
	}
	return res
}

// TestQueryMeansAnd: on the bundled corpus, words must all match, field
// clauses filter with one rule, and the facet counts describe the papers
// listed (the examples).
func TestQueryMeansAnd(t *testing.T) {
	ix := bundledIndex(t)
	all := ix.Library().Len()
	jak := searchAll(t, ix, Request{Text: "JAK inhibitors alopecia areata"})
	if jak.Total == 0 || jak.Total >= all/2 {
		t.Fatalf("JAK inhibitors alopecia areata: %d of %d papers", jak.Total, all)
	}
	for _, f := range jak.Conditions {
		if f.Count > jak.Total {
			t.Errorf("condition %s counts %d papers of %d listed", f.Value, f.Count, jak.Total)
		}
	}
	if jak.Partial.Words != 0 {
		t.Errorf("a full match says %q", jak.Partial)
	}
	// year:>=2020 ritlecitinib is the ritlecitinib papers since 2020.
	var want []string
	for _, h := range searchAll(t, ix, Request{Text: "ritlecitinib"}).Hits {
		if h.Paper.Year >= 2020 {
			want = append(want, h.Paper.PMID)
		}
	}
	got := pmids(searchAll(t, ix, Request{Text: "year:>=2020 ritlecitinib"}))
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("year:>=2020 ritlecitinib: %d papers, want the %d ritlecitinib papers since 2020", len(got), len(want))
	}
	// The names the panes show, typed in quotes, filter as the panes do.
	for _, c := range []struct {
		text string
		pane Request
	}{
		{`drug:"JAK inhibitor"`, Request{Drugs: []string{"jak-inhibitors"}}},
		{`condition:"female pattern hair loss"`, Request{Conditions: []string{"female-pattern-hair-loss"}}},
		{`type:"Randomized Controlled Trial"`, Request{Types: []string{"Randomized Controlled Trial"}}},
		{"drug:Olumiant", Request{Drugs: []string{"baricitinib"}}},
	} {
		typed, pane := searchAll(t, ix, Request{Text: c.text}), searchAll(t, ix, c.pane)
		if typed.Total == 0 || typed.Total != pane.Total {
			t.Errorf("%s: %d papers, the pane's filter %d", c.text, typed.Total, pane.Total)
		}
	}
}

// TestTagAndNoteFilter: tag: and note: are filters like any other:
// combined with AND by default, with OR when asked, and -tag: excludes.
func TestTagAndNoteFilter(t *testing.T) {
	ix := bundledIndex(t)
	minox := pmids(searchAll(t, ix, Request{Text: "minoxidil"}))
	barici := pmids(searchAll(t, ix, Request{Text: "baricitinib"}))
	if len(minox) < 3 || len(barici) < 2 {
		t.Fatalf("corpus: %d minoxidil, %d baricitinib papers", len(minox), len(barici))
	}
	personal := &store.Personal{
		Tags:  map[string][]string{minox[0]: {"exam"}, barici[0]: {"exam"}, minox[1]: {"later"}},
		Notes: map[string]string{minox[2]: "Read the Methods again"},
	}
	cases := []struct {
		text string
		want []string
	}{
		{"tag:exam", []string{minox[0], barici[0]}},
		{"minoxidil tag:exam", []string{minox[0]}},
		{"tag:exam OR tag:later", []string{minox[0], barici[0], minox[1]}},
		{"note:methods", []string{minox[2]}},
		{`note:"the methods"`, []string{minox[2]}},
		{"minoxidil note:methods", []string{minox[2]}},
	}
	for _, c := range cases {
		got := pmids(searchAll(t, ix, Request{Text: c.text, Personal: personal}))
		slices.Sort(got)
		slices.Sort(c.want)
		c.want = slices.Compact(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.text, got, c.want)
		}
	}
	excluded := pmids(searchAll(t, ix, Request{Text: "baricitinib -tag:exam", Personal: personal}))
	if slices.Contains(excluded, barici[0]) || len(excluded) != len(barici)-1 {
		t.Errorf("baricitinib -tag:exam: %d papers (tagged one in: %v), want %d", len(excluded), slices.Contains(excluded, barici[0]), len(barici)-1)
	}
}

// facetsDescribeHits fails unless res's condition and drug counts are
// exactly those of the papers it lists (every match is listed).
func facetsDescribeHits(t *testing.T, text string, res Result) {
	t.Helper()
	if len(res.Hits) != res.Total {
		t.Fatalf("%q: %d hits listed of %d", text, len(res.Hits), res.Total)
	}
	for _, c := range []struct {
		facets []FacetCount
		of     func(p *store.Paper) []string
	}{
		{res.Conditions, func(p *store.Paper) []string { return p.Conditions }},
		{res.Drugs, func(p *store.Paper) []string { return p.Drugs }},
	} {
		want := map[string]int{}
		for _, h := range res.Hits {
			for _, id := range c.of(h.Paper) {
				want[id]++
			}
		}
		got := map[string]int{}
		for _, f := range c.facets {
			got[f.Value] = f.Count
		}
		for id, n := range want {
			if got[id] != n {
				t.Errorf("%q: %s counted %d, listed %d", text, id, got[id], n)
			}
		}
	}
}

// TestMostWords: when no paper has every word, the list holds the papers
// with most of them and says so, its counts describing exactly those.
func TestMostWords(t *testing.T) {
	ix := bundledIndex(t)
	strict := searchAll(t, ix, Request{Text: "JAK inhibitors alopecia areata"})
	facetsDescribeHits(t, "JAK inhibitors alopecia areata", strict)
	cases := []struct {
		text           string
		words, atLeast int
	}{
		{"JAK inhibitors alopecia areata xyzzyq", 5, 4},
		{"baricitinib xyzzyq", 2, 1},
		{"baricitinib ritlecitinib tofacitinib xyzzyq", 4, 3},
		// A pasted claim: its papers have a third of its words.
		{"Baricitinib taken once daily regrows scalp hair in adults with severe alopecia areata after thirty six weeks", 13, 5},
	}
	for _, c := range cases {
		res := searchAll(t, ix, Request{Text: c.text})
		if res.Partial != (Partial{Words: c.words, AtLeast: c.atLeast}) || res.Total == 0 {
			t.Errorf("%q: %d papers, %+v, want %d of %d words", c.text, res.Total, res.Partial, c.atLeast, c.words)
			continue
		}
		facetsDescribeHits(t, c.text, res)
		if want := fmt.Sprintf("no paper has all %d words: showing those with %d or more", c.words, c.atLeast); res.Partial.String() != want {
			t.Errorf("%q says %q", c.text, res.Partial)
		}
	}
	// The fallback keeps the filters and exclusions: they are not words.
	res := searchAll(t, ix, Request{Text: "baricitinib xyzzyq year:>=2023 -ritlecitinib"})
	for _, h := range res.Hits {
		if h.Paper.Year < 2023 || slices.Contains(h.Paper.Drugs, "ritlecitinib") && strings.Contains(strings.ToLower(h.Paper.Title), "ritlecitinib") {
			t.Errorf("%s (%d) listed against a filter", h.Paper.PMID, h.Paper.Year)
		}
	}
	if res.Partial.Words != 2 || res.Total == 0 {
		t.Errorf("filters and exclusions counted as words: %+v, %d papers", res.Partial, res.Total)
	}
	// Explicit operators mean what they say: no fallback.
	for _, text := range []string{"baricitinib AND xyzzyq", "xyzzyq qwzzyx", "(baricitinib xyzzyq)"} {
		if res := searchAll(t, ix, Request{Text: text}); res.Total != 0 || res.Partial.Words != 0 {
			t.Errorf("%q: %d papers, %+v, want none", text, res.Total, res.Partial)
		}
	}
}

// TestQueryDetails: the details say which words became which entity and
// which clauses are filters or field tags; the notes name what could not
// be honoured.
func TestQueryDetails(t *testing.T) {
	ix := bundledIndex(t)
	cases := []struct {
		text          string
		details, note []string
	}{
		{"Olumiant", []string{"Olumiant → drug baricitinib, also LY3009104"}, nil},
		{"alopecia areata Olumiant", []string{"alopecia areata → condition alopecia areata", "Olumiant → drug baricitinib"}, nil},
		{`"Olumiant" -foam`, []string{`"Olumiant" as written, not by the other names of drug baricitinib`}, nil},
		{"drug:Olumiant year:>=2020", []string{"drug:Olumiant → drug baricitinib (filter)"}, nil},
		{"alopecia[tiab] AND 2019:2024[dp]", []string{"alopecia[tiab] → title or abstract", "2019:2024[dp] → year (filter)"}, nil},
		{"alopecia[mh]", nil, []string{"alopecia[mh] matched the heading itself"}},
		{`"serine/metabolism"[mh]`, nil, []string{`"serine/metabolism"[mh]: subheadings are not kept, so /metabolism was left out`}},
		{"alopecia[sb]", nil, []string{"[sb] is not a tag Follicle knows"}},
		{"english[la] alopecia", []string{"english[la] → language eng (filter)"}, nil},
		{"the minoxidil", []string{"the ignored"}, nil},
	}
	for _, c := range cases {
		res, err := ix.Search(context.Background(), Request{Text: c.text})
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		for _, list := range []struct {
			got, want []string
		}{{res.Details, c.details}, {res.Notes, c.note}} {
			joined := strings.Join(list.got, " | ")
			for _, w := range list.want {
				if !strings.Contains(joined, w) {
					t.Errorf("%q: %q lacks %q", c.text, joined, w)
				}
			}
			if len(list.want) == 0 && strings.Contains(joined, "→ drug") {
				t.Errorf("%q: %q", c.text, joined)
			}
		}
	}
}

// TestIdentifiersJump: a DOI, a DOI or PubMed link, "PMID: n" as PubMed
// shows it, or a list of PMIDs finds exactly those papers.
func TestIdentifiersJump(t *testing.T) {
	ix := bundledIndex(t)
	cases := []struct {
		text string
		want []string
	}{
		{"10.1080/1744666X.2023.2200166", []string{"37042112"}},
		{`"10.1080/1744666X.2023.2200166"`, []string{"37042112"}},
		{"doi:10.1080/1744666x.2023.2200166", []string{"37042112"}},
		{"DOI: 10.1080/1744666X.2023.2200166", []string{"37042112"}},
		{"https://doi.org/10.1080/1744666X.2023.2200166", []string{"37042112"}},
		{"10.1080/1744666X.2023.2200166.", []string{"37042112"}},
		{"10.1016/s0190-9622(99)70081-2", []string{"10365924"}},
		{"(10.1016/s0190-9622(99)70081-2 OR 10.1080/1744666X.2023.2200166)", []string{"10365924", "37042112"}},
		{"https://pubmed.ncbi.nlm.nih.gov/37042112/", []string{"37042112"}},
		{"PMID: 37042112", []string{"37042112"}},
		{"pmid:37042112", []string{"37042112"}},
		{"37042112, 10365924", []string{"37042112", "10365924"}},
		{"37042112\n10365924\n", []string{"37042112", "10365924"}},
		{"10.1080/1744666X.2023.2200166 https://pubmed.ncbi.nlm.nih.gov/10365924", []string{"37042112", "10365924"}},
		{"baricitinib -10.1080/1744666X.2023.2200166", nil},
		{"PMC1234567", []string{}},
	}
	for _, c := range cases {
		res := searchAll(t, ix, Request{Text: c.text})
		got := pmids(res)
		if c.want == nil {
			if slices.Contains(got, "37042112") || len(got) == 0 {
				t.Errorf("%q: %v", c.text, got)
			}
			continue
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.text, got, c.want)
		}
	}
	if res := searchAll(t, ix, Request{Text: "PMC1234567"}); len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "no PMC IDs") {
		t.Errorf("a PMC ID: notes %q", res.Notes)
	}
}

// TestQuotesTurnExpansionOff: a bare name finds the papers about its
// entity by any of its names; in quotes, only the papers whose title or
// abstract has it as written.
func TestQuotesTurnExpansionOff(t *testing.T) {
	ix := bundledIndex(t)
	for _, name := range []string{"Olumiant", "Rogaine", "alopecia areata"} {
		bare := searchAll(t, ix, Request{Text: name})
		quoted := searchAll(t, ix, Request{Text: `"` + name + `"`})
		if bare.Total == 0 || quoted.Total > bare.Total {
			t.Errorf("%s: %d papers, quoted %d", name, bare.Total, quoted.Total)
		}
		for _, h := range quoted.Hits {
			if !strings.Contains(strings.ToLower(h.Paper.Title+" "+h.Paper.Text()), strings.ToLower(name)) {
				t.Errorf("%q found %s, whose title and abstract do not say it", name, h.Paper.PMID)
			}
		}
		t.Logf("%s: %d papers, %d in quotes", name, bare.Total, quoted.Total)
	}
}
