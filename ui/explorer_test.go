package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
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

// TestQClosesTheReader: q closes the reader like less or man; in the panes
// it quits; while finding it is text.
func TestQClosesTheReader(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("enter"))
	if m.reader == nil {
		t.Fatal("enter should open the reader")
	}
	m = send(t, m, press("/"))
	m = typeText(t, m, "q")
	if m.reader == nil || m.reader.find.Value() != "q" {
		t.Fatal("q typed into find must stay text")
	}
	m = send(t, m, press("esc"))
	next, cmd := m.Update(press("q"))
	m = next.(Model)
	if m.reader != nil {
		t.Fatal("q should close the reader")
	}
	if cmd != nil && isQuit(cmd) {
		t.Fatal("q in the reader must not quit")
	}
	_, cmd = m.Update(press("q"))
	if cmd == nil || !isQuit(cmd) {
		t.Fatal("q in the panes should quit")
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

// TestReaderScrollPosition: the reader's footer says where the page is.
func TestReaderScrollPosition(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 80, 24)
	m = send(t, m, press("enter"))
	r := *m.reader
	r.lines = make([]string, 100)
	r.plain = make([]string, 100)
	for _, tc := range []struct {
		offset int
		want   string
	}{{0, "top"}, {30, "40%"}, {95, "bottom"}} {
		r.offset = tc.offset
		if got := r.scrollPosition(10); got != tc.want {
			t.Errorf("offset %d: %q, want %q", tc.offset, got, tc.want)
		}
	}
	r.lines, r.plain = r.lines[:5], r.plain[:5]
	if got := r.scrollPosition(10); got != "all" {
		t.Errorf("a short paper: %q, want all", got)
	}
	if !strings.Contains(screen(m), "PMID 1002") || !regexp.MustCompile(`PMID 1002 +all`).MatchString(screen(m)) {
		t.Fatalf("the reader's footer should show its position:\n%s", screen(m))
	}
}
