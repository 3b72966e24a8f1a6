package index

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/follicle/follicle/store"
)

func TestSearchQueryForms(t *testing.T) {
	ix := testIndex(t)
	cases := []struct {
		name string
		req  Request
		want []string // expected PMIDs, any order
	}{
		{"empty matches all", Request{}, []string{"1001", "1002", "1003", "1004", "1005", "1006"}},
		{"word", Request{Text: "ritlecitinib"}, []string{"1002", "1005"}},
		{"stemming", Request{Text: "trial"}, []string{"1002", "1005", "1001"}},
		{"phrase", Request{Text: `"oral minoxidil"`}, []string{"1004"}},
		{"must and not", Request{Text: "+minoxidil -foam"}, []string{"1004"}},
		{"no paper has both words: those with one", Request{Text: "foam hydroxychloroquine"}, []string{"1003", "1006"}},
		{"or", Request{Text: "foam OR hydroxychloroquine"}, []string{"1003", "1006"}},
		{"words are and", Request{Text: "minoxidil foam"}, []string{"1006"}},
		{"field title", Request{Text: "title:review"}, []string{"1005"}},
		{"field abstract", Request{Text: "abstract:women"}, []string{"1004", "1006"}},
		{"field abstract leaves the title out", Request{Text: "abstract:janus"}, []string{}},
		{"a title word without a field", Request{Text: "janus"}, []string{"1005"}},
		{"phrase in the title field", Request{Text: `title:"minoxidil foam"`}, []string{"1006"}},
		{"field author", Request{Text: "author:kingston"}, []string{"1001", "1005"}},
		{"field journal", Request{Text: `journal:"Test Lancet"`}, []string{"1002"}},
		{"field type", Request{Text: "type:observational"}, []string{"1003"}},
		{"field condition by abbreviation", Request{Text: "condition:LPP"}, []string{"1003"}},
		{"field drug by brand", Request{Text: "drug:olumiant"}, []string{"1001", "1005"}},
		{"year range", Request{Text: "year:>=2022"}, []string{"1001", "1002"}},
		{"year range and word", Request{Text: "+minoxidil +year:<2015"}, []string{"1006"}},
		{"fuzzy", Request{Text: "minoxidl~1"}, []string{"1004", "1006"}},
		{"pmid", Request{Text: "1003"}, []string{"1003"}},
		{"prefix while typing", Request{Text: "barici", Prefix: true}, []string{"1001", "1005"}},
		{"prefix after a word keeps and", Request{Text: "review barici", Prefix: true}, []string{"1005"}},
		{"same as the finished word", Request{Text: "review baricitinib"}, []string{"1005"}},
		{"prefix keeps a must", Request{Text: "+baricitinib revi", Prefix: true}, []string{"1005"}},
		{"prefix keeps a must not", Request{Text: "-review barici", Prefix: true}, []string{"1001"}},
		{"no prefix when not typing", Request{Text: "barici"}, []string{}},
		{"short prefix is exact", Request{Text: "ba", Prefix: true}, []string{}},
		{"condition filter", Request{Conditions: []string{"alopecia-areata"}}, []string{"1001", "1002"}},
		{"condition and drug filters", Request{Conditions: []string{"alopecia-areata"}, Drugs: []string{"ritlecitinib"}}, []string{"1002"}},
		{"type filter", Request{Types: []string{"Review", "Observational Study"}}, []string{"1003", "1005"}},
		{"year filter", Request{YearFrom: 2016, YearTo: 2019}, []string{"1003", "1005"}},
		{"source filter", Request{Source: "bundled"}, []string{}},
		{"restricted to ids", Request{Text: "minoxidil", Restrict: true, OnlyIDs: []string{"1004", "1001"}}, []string{"1004"}},
		{"restricted to nothing", Request{Restrict: true}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tc.req)
			if err != nil {
				t.Fatalf("Search(%+v): %v", tc.req, err)
			}
			got := pmids(res)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Search(%q) = %v, want %v", tc.req.Text, got, want)
			}
			if res.Total != len(want) {
				t.Fatalf("Total = %d, want %d", res.Total, len(want))
			}
		})
	}
}

func TestSearchSort(t *testing.T) {
	ix := testIndex(t)
	cases := []struct {
		sort Sort
		want []string
	}{
		{SortNewest, []string{"1002", "1001", "1004", "1005", "1003", "1006"}},
		{SortOldest, []string{"1006", "1003", "1005", "1004", "1001", "1002"}},
	}
	for _, tc := range cases {
		res, err := ix.Search(context.Background(), Request{Sort: tc.sort})
		if err != nil {
			t.Fatal(err)
		}
		if got := pmids(res); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("sort %v = %v, want %v", tc.sort, got, tc.want)
		}
	}
	res, err := ix.Search(context.Background(), Request{Text: "baricitinib"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].Score < res.Hits[1].Score {
		t.Errorf("relevance order wrong: %v", res.Hits)
	}
}

func TestSearchPaging(t *testing.T) {
	ix := testIndex(t)
	all, _ := ix.Search(context.Background(), Request{Sort: SortNewest})
	page, err := ix.Search(context.Background(), Request{Sort: SortNewest, Offset: 2, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pmids(page), pmids(all)[2:4]; !reflect.DeepEqual(got, want) {
		t.Fatalf("page 2 = %v, want %v", got, want)
	}
	if page.Total != 6 {
		t.Fatalf("Total on a page = %d, want 6", page.Total)
	}
	if _, err := ix.Search(context.Background(), Request{Offset: maxWindow}); err == nil {
		t.Fatal("a page past the window should be refused")
	}
}

func TestSearchFacets(t *testing.T) {
	ix := testIndex(t)
	res, err := ix.Search(context.Background(), Request{Text: "alopecia"})
	if err != nil {
		t.Fatal(err)
	}
	counts := func(fc []FacetCount) map[string]int {
		m := map[string]int{}
		for _, f := range fc {
			m[f.Value] = f.Count
		}
		return m
	}
	wantConds := map[string]int{"alopecia-areata": 2, "androgenetic-alopecia": 1}
	if got := counts(res.Conditions); !reflect.DeepEqual(got, wantConds) {
		t.Errorf("condition facet = %v, want %v", got, wantConds)
	}
	wantDrugs := map[string]int{"baricitinib": 2, "ritlecitinib": 2, "minoxidil": 1}
	if got := counts(res.Drugs); !reflect.DeepEqual(got, wantDrugs) {
		t.Errorf("drug facet = %v, want %v", got, wantDrugs)
	}
	wantYears := []FacetCount{{"2023", 1}, {"2022", 1}, {"2021", 1}, {"2019", 1}}
	if !reflect.DeepEqual(res.Years, wantYears) {
		t.Errorf("year facet = %v, want %v", res.Years, wantYears)
	}
	wantTypes := map[string]int{"Randomized Controlled Trial": 2, "Multicenter Study": 1, "Review": 1}
	if got := counts(res.Types); !reflect.DeepEqual(got, wantTypes) {
		t.Errorf("type facet = %v, want %v", got, wantTypes)
	}
}

func TestSearchHighlightSpans(t *testing.T) {
	ix := testIndex(t)
	res, err := ix.Search(context.Background(), Request{Text: "minoxidil women"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Paper.PMID != "1006" {
			continue
		}
		var words []string
		for _, s := range h.TitleSpans {
			words = append(words, h.Paper.Title[s.Start:s.End])
		}
		if want := []string{"minoxidil", "women"}; !reflect.DeepEqual(words, want) {
			t.Fatalf("title spans cover %q, want %q", words, want)
		}
		text := h.Paper.Text()
		for _, s := range h.TextSpans {
			if w := text[s.Start:s.End]; w != "Women" && w != "minoxidil" {
				t.Fatalf("text span covers %q", w)
			}
		}
		if len(h.TextSpans) != 2 {
			t.Fatalf("text spans = %v, want 2", h.TextSpans)
		}
		return
	}
	t.Fatal("paper 1006 not found")
}

func TestSearchBadQueries(t *testing.T) {
	ix := testIndex(t)
	long := make([]byte, MaxQueryLength+1)
	for i := range long {
		long[i] = 'a'
	}
	cases := []string{`"unclosed phrase`, "year:>=abc", "year:>", "~", "/[a-/", string(long), "\xff\xfe", "+", "a:b:c:",
		"((", "a~9", `title:"unterminated`, "a OR", ")", "NOT", "()", "x AND AND y", "alopecia[tiab"}
	for _, text := range cases {
		_, err := ix.Search(context.Background(), Request{Text: text, Prefix: true})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("Search(%.20q) error = %v, want a QueryError", text, err)
			continue
		}
		if msg := qe.Error(); len(msg) > 200 || msg == "" {
			t.Errorf("error message should be one short line, got %q", msg)
		}
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := testIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Text: "alopecia"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled search error = %v, want context.Canceled", err)
	}
}

// TestSearchBudget: a search that outlasts its budget is stopped and
// refused with a message saying what to do, not left running; a caller's
// own cancellation still reads as such.
func TestSearchBudget(t *testing.T) {
	ix := mappedDiskIndex(t, realLibrary(t), 2)
	broad := strings.Join(strings.Fields("with that were patients this from gene these induced study have been which their also more cells other"), " OR ")
	if _, err := ix.Search(context.Background(), Request{Text: broad}); err != nil {
		t.Fatalf("within the budget: %v", err)
	}
	ix.budget = 50 * time.Microsecond
	start := time.Now()
	_, err := ix.Search(context.Background(), Request{Text: broad})
	var qe *QueryError
	if !errors.As(err, &qe) || !errors.Is(err, ErrTooBroad) || !strings.Contains(err.Error(), "add a word") {
		t.Fatalf("over the budget: %v, want a query error saying it is too broad", err)
	}
	if took := time.Since(start); took > 200*time.Millisecond {
		t.Errorf("the stopped search took %v", took)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Text: broad}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled by the caller: %v", err)
	}
	// An export is bounded by its caller, not by the budget.
	all, err := ix.Search(context.Background(), Request{Text: broad, Limit: maxWindow, Export: true})
	if err != nil || len(all.Hits) < 1000 {
		t.Fatalf("export over the budget: %d hits, %v", len(all.Hits), err)
	}
}

func TestSnippet(t *testing.T) {
	text := "One two three four five six seven eight nine ten eleven twelve thirteen"
	start := len("One two three four five six seven eight ")
	spans := []Span{{start, start + len("nine")}}
	got, gotSpans := Snippet(text, spans, 30)
	if got[:3] != "…" {
		t.Fatalf("snippet should open with an ellipsis: %q", got)
	}
	if len(gotSpans) != 1 || got[gotSpans[0].Start:gotSpans[0].End] != "nine" {
		t.Fatalf("shifted span wrong: %q %v", got, gotSpans)
	}
	if plain, _ := Snippet("short\ntext", nil, 30); plain != "short text" {
		t.Fatalf("short snippet = %q", plain)
	}
}

// TestTypingPrefixHighlightsAndRanks: the word being typed is highlighted
// where its completions occur, all its matches share one score (it is not
// yet a word to rank by), and a paper matching the rest of the query as
// well ranks above one matching only the prefix.
func TestTypingPrefixHighlightsAndRanks(t *testing.T) {
	ix := testIndex(t)
	res, err := ix.Search(context.Background(), Request{Text: "barici", Prefix: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].Score != res.Hits[1].Score {
		t.Fatalf("prefix-only hits %v should share one score", res.Hits)
	}
	for _, h := range res.Hits {
		var words []string
		for _, s := range h.TitleSpans {
			words = append(words, strings.ToLower(h.Paper.Title[s.Start:s.End]))
		}
		text := h.Paper.Text()
		for _, s := range h.TextSpans {
			words = append(words, strings.ToLower(text[s.Start:s.End]))
		}
		if !slices.Contains(words, "baricitinib") {
			t.Errorf("paper %s: spans %q do not cover the completed word", h.Paper.PMID, words)
		}
	}
	res, err = ix.Search(context.Background(), Request{Text: "review OR barici", Prefix: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := pmids(res); len(got) != 3 || got[0] != "1005" {
		t.Fatalf("review OR barici ranks %v, want 1005 (a review about baricitinib) first", got)
	}
}

// TestFiltersKeepOptionalWordScores: a filter must not change how a
// matching paper scores on the query's optional words. The filtered request
// is compared with the same filter written in the query string, which
// Bleve scores as one boolean query. (Under a conjunction, Bleve lost the
// optional words' match of some papers, which then ranked too low.)
func TestFiltersKeepOptionalWordScores(t *testing.T) {
	ix := mappedDiskIndex(t, realLibrary(t), 1)
	cases := []struct {
		name     string
		filtered Request
		inText   string
	}{
		{"year", Request{Text: "+patients treatment", YearFrom: 2015}, "+patients treatment +year:>=2015"},
		{"condition", Request{Text: "+patients treatment", Conditions: []string{"alopecia"}}, "+patients treatment +condition:alopecia"},
		{"must-not", Request{Text: "+patients treatment -cancer", YearFrom: 2015}, "+patients treatment -cancer +year:>=2015"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.filtered.Limit = 30
			got, err := ix.Search(context.Background(), c.filtered)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ix.Search(context.Background(), Request{Text: c.inText, Limit: 30})
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || len(got.Hits) == 0 {
				t.Fatalf("%d matches, want %d (and some)", got.Total, want.Total)
			}
			for i := range want.Hits {
				g, w := got.Hits[i], want.Hits[i]
				if g.Paper.PMID != w.Paper.PMID || math.Abs(g.Score-w.Score) > 1e-9 {
					t.Fatalf("hit %d: %s scored %.4f, want %s scored %.4f", i, g.Paper.PMID, g.Score, w.Paper.PMID, w.Score)
				}
			}
		})
	}
}

// TestFiltersKeepMeaning: a filter keeps exactly the matches of the
// unfiltered query that pass it, whatever the query's shape (optional
// words only, must-not without must).
func TestFiltersKeepMeaning(t *testing.T) {
	ix := mappedDiskIndex(t, realLibrary(t), 1)
	for _, text := range []string{"patients treatment", "treatment -cancer", "-cancer", "+patients", `"renal failure" OR kidney`} {
		t.Run(text, func(t *testing.T) {
			all, err := ix.Search(context.Background(), Request{Text: text, Limit: maxWindow})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, h := range all.Hits {
				if h.Paper.Year >= 2015 {
					want = append(want, h.Paper.PMID)
				}
			}
			got, err := ix.Search(context.Background(), Request{Text: text, YearFrom: 2015, Limit: maxWindow})
			if err != nil {
				t.Fatal(err)
			}
			have := pmids(got)
			slices.Sort(want)
			slices.Sort(have)
			if len(want) == 0 || !slices.Equal(have, want) {
				t.Fatalf("filtered: %d papers, the unfiltered matches from 2015 on: %d", len(have), len(want))
			}
		})
	}
}

// TestEntityAliasesInText: a search without a field finds a paper by its
// drug's other names (brand, abbreviation), but the drug's qualified forms
// ("oral minoxidil") add no words to a paper that does not use them.
func TestEntityAliasesInText(t *testing.T) {
	ix := papersIndex(t, []store.Paper{
		{PMID: "1", Title: "Topical minoxidil 5% foam for androgenetic alopecia", Year: 2020},
		{PMID: "2", Title: "Low-dose oral minoxidil in female pattern hair loss", Year: 2021},
	})
	cases := []struct {
		text string
		want []string
	}{
		{"minoxidil", []string{"1", "2"}},
		{"Rogaine", []string{"1", "2"}},
		{"LDOM", []string{"1", "2"}},
		{"oral", []string{"2"}},
		{"minoxidil -oral", []string{"1"}},
		{`"topical minoxidil"`, []string{"1"}},
		{"drug:oral", []string{"1", "2"}},
	}
	for _, c := range cases {
		res, err := ix.Search(context.Background(), Request{Text: c.text})
		if err != nil {
			t.Fatal(err)
		}
		got := pmids(res)
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q found %v, want %v", c.text, got, c.want)
		}
	}
}
