package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestEntityPaneShowsMatchesAfterNewResult: a cursor left on an entity that
// the new search does not match goes back to the top, where the matches
// are; one on an entity that still matches stays on it.
func TestEntityPaneShowsMatchesAfterNewResult(t *testing.T) {
	cases := []struct {
		name   string
		pick   string // the drug the cursor is moved to
		query  string
		marked bool // narrow by the reading list (m) instead of a query
		stay   bool
	}{
		{name: "query drops the drug", pick: "hydroxychloroquine", query: "baricitinib"},
		{name: "query keeps the drug", pick: "minoxidil", query: "minoxidil", stay: true},
		{name: "reading list drops the drug", pick: "hydroxychloroquine", marked: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			m := newTestModel(t, f, 120, 40)
			if tc.marked {
				m = send(t, m, press("space")) // mark the top paper
			}
			m = send(t, m, press("tab"))
			m = send(t, m, press("tab"))
			for i := 0; i < len(m.drugs.rows) && m.drugs.selectedID() != tc.pick; i++ {
				m = send(t, m, press("j"))
			}
			if m.drugs.selectedID() != tc.pick {
				t.Fatalf("could not move the cursor to %s", tc.pick)
			}
			if tc.marked {
				m = send(t, m, press("m"))
			} else {
				m = send(t, m, press("/"))
				m = typeText(t, m, tc.query)
				m = send(t, m, press("enter"))
			}
			got := m.drugs.selectedID()
			if tc.stay && got != tc.pick {
				t.Fatalf("cursor left %s, which still matches, for %s", tc.pick, got)
			}
			if !tc.stay {
				if m.drugs.cur.pos != 0 || m.drugs.cur.offset != 0 {
					t.Fatalf("cursor should go to the top, is at %+v on %s", m.drugs.cur, got)
				}
				if m.drugs.rows[0].count == 0 {
					t.Fatalf("the top row should be a match, is %s 0", got)
				}
			}
		})
	}
}

// TestQueryCursorAtEndAfterReplacement: a tag chosen from the tag list or a
// recalled saved search replaces the query; typing goes after it.
func TestQueryCursorAtEndAfterReplacement(t *testing.T) {
	cases := []struct {
		name  string
		apply func(t *testing.T, m Model) Model
	}{
		{"tag list", func(t *testing.T, m Model) Model {
			m = send(t, m, press("#"))
			return send(t, m, press("enter"))
		}},
		{"saved search", func(t *testing.T, m Model) Model {
			m = send(t, m, press("/"))
			m = typeText(t, m, "alopecia areata")
			m = send(t, m, press("enter"))
			m = send(t, m, press("S"))
			m = typeText(t, m, "aa")
			m = send(t, m, press("enter"))
			m.input.SetValue("xy")
			m.input.SetCursor(1)
			return send(t, m, press("1"))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _ := newStateModel(t, -1)
			m = send(t, m, press("t"))
			m = typeText(t, m, "exam")
			m = send(t, m, press("enter"))
			m = send(t, m, press("/"))
			m = typeText(t, m, "minoxidil")
			m = send(t, m, press("left"))
			m = send(t, m, press("left"))
			m = send(t, m, press("enter"))
			m = tc.apply(t, m)
			want := m.input.Value() + "Z"
			m = send(t, m, press("/"))
			m = typeText(t, m, "Z")
			if got := m.input.Value(); got != want {
				t.Fatalf("typing after the replaced query gave %q, want %q", got, want)
			}
		})
	}
}

// TestBottomReachesTheTrueEnd: G loads the pages still missing and puts the
// cursor on the last paper; the bottom edge says where the cursor is.
func TestBottomReachesTheTrueEnd(t *testing.T) {
	f := newFake(t)
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, PageSize: 2, ReadAfter: -1})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	if !strings.Contains(screen(m), " 1/6 ") {
		t.Fatalf("the papers pane should say 1/6:\n%s", screen(m))
	}
	m = send(t, m, press("G"))
	if len(m.papers.hits) != 6 || m.papers.cur.pos != 5 || m.toEnd {
		t.Fatalf("G should load every page and go to the last paper: %d hits, cursor %d, toEnd %v", len(m.papers.hits), m.papers.cur.pos, m.toEnd)
	}
	if !strings.Contains(screen(m), " 6/6 ") {
		t.Fatalf("the papers pane should say 6/6:\n%s", screen(m))
	}
	m = send(t, m, press("tab"))
	m = send(t, m, press("j"))
	if !strings.Contains(screen(m), " 2/3 ") {
		t.Fatalf("the conditions pane should say 2/3:\n%s", screen(m))
	}
}

// TestWrapProseKeepsUnitsAndAddresses: the reader never splits "2 mg" over
// two lines, nor a web address or DOI at a hyphen.
func TestWrapProseKeepsUnitsAndAddresses(t *testing.T) {
	cases := []struct {
		name, text string
		w          int
		together   string
	}{
		{"number and unit", "randomised adults to baricitinib 4 mg or 2 mg daily", 44, "2 mg"},
		{"weeks", "a dose-ranging trial showed regrowth at week 24 and at 52 weeks", 57, "52 weeks"},
		{"url", "Verified at: https://pubmed.ncbi.nlm.nih.gov/12345/ https://doi.org/10.1016/j.jaad-2020-01-002", 88, "https://doi.org/10.1016/j.jaad-2020-01-002"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines := wrapProse(tc.text, tc.w)
			found := false
			for _, l := range lines {
				if ansi.StringWidth(l) > tc.w {
					t.Fatalf("line wider than %d: %q", tc.w, l)
				}
				found = found || strings.Contains(l, tc.together)
			}
			if !found {
				t.Fatalf("%q split across lines: %q", tc.together, lines)
			}
			if got := strings.Join(lines, " "); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(tc.text, " ", "") {
				t.Fatalf("wrapping changed the text: %q", got)
			}
		})
	}
}

// TestSmallThings pins the small fixes of the explorer's screen.
func TestSmallThings(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	if s := screen(m); strings.Contains(s, "ms ·") || strings.Contains(s, "µs ·") {
		t.Errorf("the status line shows the search time without --debug:\n%s", s)
	}
	m.cfg.Timings = true
	m = send(t, m, press("s"))
	if !strings.Contains(screen(m), "1.5ms") {
		t.Error("with Timings the status line shows the search time")
	}
	m = send(t, m, press("/"))
	if strings.Contains(screen(m), "search titles") {
		t.Error("the placeholder should go once the search box has focus")
	}
	m = typeText(t, m, "hydroxychloroquine")
	if s := screen(m); !strings.Contains(s, "1 paper ·") || strings.Contains(s, "1 papers") {
		t.Errorf("one paper is \"1 paper\":\n%s", s)
	}
	m = typeText(t, m, "zzzz")
	for _, line := range strings.Split(screen(m), "\n") {
		if strings.Contains(line, "No paper matches") && !strings.Contains(line, "│  No paper") {
			t.Errorf("the empty state touches the border: %q", line)
		}
	}
	m = send(t, m, press("enter"))
	m = send(t, m, press("x"))
	m.input.SetValue("")
	m = send(t, m, press("tab"))
	m = send(t, m, press("enter"))
	row := m.conds.rowView(m.styles, m.conds.rows[0], 30, false)
	if w := ansi.StringWidth(row); w != 30 || !m.conds.rows[0].active {
		t.Errorf("an active filter's row is %d cells wide, want 30: %q", w, ansi.Strip(row))
	}
}

// TestNarrowTabBarNamesPanesOnly: at 80 columns the tabs name the panes and
// the pane title says what its count counts.
func TestNarrowTabBarNamesPanesOnly(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 80, 24)
	lines := strings.Split(screen(m), "\n")
	if tabs := lines[2]; strings.ContainsAny(tabs, "0123456789") {
		t.Errorf("the tab bar mixes counts: %q", tabs)
	}
	if !strings.Contains(lines[3], "6 papers · relevance") {
		t.Errorf("the papers pane's title: %q", lines[3])
	}
	m = send(t, m, press("tab"))
	if s := screen(m); !strings.Contains(s, "3 of 3 conditions have matching papers") {
		t.Errorf("the conditions pane's title:\n%s", s)
	}
}

// TestHelpKeyAlwaysInFooter: "? help" ends the footer at every width and
// focus, however many keys come before it.
func TestHelpKeyAlwaysInFooter(t *testing.T) {
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		for _, keys := range [][]string{nil, {"tab"}, {"enter"}} {
			f := newFake(t)
			m := newTestModel(t, f, size[0], size[1])
			for _, k := range keys {
				m = send(t, m, press(k))
			}
			lines := strings.Split(screen(m), "\n")
			if last := lines[len(lines)-1]; !strings.Contains(last, "? help") {
				t.Errorf("%dx%d after %v: footer lacks \"? help\": %q", size[0], size[1], keys, last)
			}
		}
	}
}

// TestHelpFilter: / in the help narrows its keys; Esc clears the filter.
func TestHelpFilter(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("?"))
	m = send(t, m, press("/"))
	m = typeText(t, m, "tag")
	s := screen(m)
	if !strings.Contains(s, "edit tags") || !strings.Contains(s, "your tags") || strings.Contains(s, "cycle sort") {
		t.Fatalf("filtering by \"tag\" should keep only the tag keys:\n%s", s)
	}
	m = send(t, m, press("enter"))
	m = send(t, m, press("q"))
	if m.showHelp {
		t.Fatal("after the filter, q closes the help")
	}
	m = send(t, m, press("?"))
	if !strings.Contains(screen(m), "cycle sort") {
		t.Fatal("a reopened help is not filtered")
	}
}

// TestUndoClearFilters: x wipes every filter at once; u brings them back
// with the query, and u again clears them.
func TestUndoClearFilters(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("/"))
	m = typeText(t, m, "alopecia")
	m = send(t, m, press("enter"))
	m = send(t, m, press("tab"))
	m = send(t, m, press("enter"))
	m = send(t, m, press("tab"))
	m = send(t, m, press("enter"))
	before := m.filters
	if len(before.conditions) != 1 || len(before.drugs) != 1 {
		t.Fatalf("set up two filters, have %+v", before)
	}
	m = send(t, m, press("x"))
	if !m.filters.empty() || !strings.Contains(screen(m), "u brings them back") {
		t.Fatal("x should clear every filter and say u undoes it")
	}
	total := m.total
	m = send(t, m, press("u"))
	if len(m.filters.conditions) != 1 || len(m.filters.drugs) != 1 || m.input.Value() != "alopecia" || f.last().Conditions[0] != before.conditions[0] {
		t.Fatalf("u should bring back the filters and the query: %+v %q", m.filters, m.input.Value())
	}
	if m.total >= total {
		t.Fatalf("the restored filters should narrow the papers again: %d, cleared %d", m.total, total)
	}
	m = send(t, m, press("u"))
	if !m.filters.empty() {
		t.Fatal("u again clears them")
	}
}

// TestEntityPaneTypeToFilter: F in the drugs pane narrows it by any name
// as the user types; Enter keeps the filter for moving and choosing; Esc
// clears it.
func TestEntityPaneTypeToFilter(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("tab"))
	m = send(t, m, press("tab"))
	m = send(t, m, press("F"))
	m = typeText(t, m, "olu") // a brand of baricitinib
	if len(m.drugs.rows) != 1 || m.drugs.selectedID() != "baricitinib" {
		t.Fatalf("filtering by a brand should leave baricitinib, have %d rows", len(m.drugs.rows))
	}
	if !strings.Contains(screen(m), "filter: olu") {
		t.Fatal("the pane's title shows the filter")
	}
	m = send(t, m, press("enter"))
	m = send(t, m, press("enter"))
	if len(m.filters.drugs) != 1 || m.filters.drugs[0] != "baricitinib" {
		t.Fatalf("enter on the filtered row makes it a filter: %+v", m.filters)
	}
	m = send(t, m, press("F"))
	m = typeText(t, m, "zz")
	if len(m.drugs.rows) != 0 || !strings.Contains(screen(m), `no name contains "oluzz"`) {
		t.Fatal("a filter that matches nothing says so")
	}
	m = send(t, m, press("esc"))
	if m.drugs.filter != "" || len(m.drugs.rows) != 4 || len(m.filters.drugs) != 1 {
		t.Fatal("esc clears the list's filter and keeps the search filters")
	}
	m = send(t, m, press("q"))
	if m.drugs.filtering {
		t.Fatal("after esc, keys are keys again")
	}
}

// TestCompactList: c shows one line per paper, so all six fixture papers
// fit at 80×24 where three-line rows fit five; c again goes back.
func TestCompactList(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 80, 24)
	countTitles := func(m Model) int {
		n := 0
		for _, h := range m.papers.hits {
			if strings.Contains(screen(m), h.Paper.Title[:20]) {
				n++
			}
		}
		return n
	}
	if n := countTitles(m); n != 5 {
		t.Fatalf("three-line rows: %d titles at 80×24, want 5", n)
	}
	m = send(t, m, press("c"))
	if n := countTitles(m); n != 6 {
		t.Fatalf("compact rows: %d titles at 80×24, want 6", n)
	}
	for _, line := range strings.Split(screen(m), "\n") {
		if strings.Contains(line, "Baricitinib in severe") && !strings.Contains(line, "Kingston A · 2022") {
			t.Fatalf("a compact row ends with the first author and year: %q", line)
		}
	}
	m = send(t, m, press("G"))
	if m.papers.cur.pos != 5 || m.papers.cur.offset != 0 {
		t.Fatalf("in the compact list the whole list fits: %+v", m.papers.cur)
	}
	m = send(t, m, press("c"))
	if n := countTitles(m); n != 5 {
		t.Fatal("c again goes back to three-line rows")
	}
}
