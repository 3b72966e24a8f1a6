package ui

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

func screen(m Model) string { return ansi.Strip(m.View().Content) }

func TestOpeningScreenShowsEverything(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	if m.total != 6 || len(m.papers.hits) != 6 {
		t.Fatalf("opening search should list all 6 papers, got total %d hits %d", m.total, len(m.papers.hits))
	}
	s := screen(m)
	for _, want := range []string{"Conditions 3", "Drugs 4", "Papers 6", "alopecia areata", "baricitinib", "6 papers"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
}

func TestFocusRouting(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	steps := []struct {
		key  string
		want focus
	}{
		{"tab", focusConditions},
		{"tab", focusDrugs},
		{"tab", focusPapers},
		{"shift+tab", focusDrugs},
		{"/", focusSearch},
		{"esc", focusDrugs},
		{"/", focusSearch},
		{"enter", focusPapers},
	}
	for i, s := range steps {
		m = send(t, m, press(s.key))
		if m.focus != s.want {
			t.Fatalf("step %d (%s): focus %v, want %v", i, s.key, m.focus, s.want)
		}
	}
}

func TestTypingGoesToSearchBoxNotGlobalKeys(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("/"))
	m = typeText(t, m, "q?s")
	if got := m.input.Value(); got != "q?s" {
		t.Fatalf("search box = %q, want the typed keys", got)
	}
	if m.showHelp || m.sort != index.SortRelevance {
		t.Fatal("keys typed into the search box must not act as commands")
	}
	_, cmd := m.Update(press("ctrl+c"))
	if cmd == nil || !isQuit(cmd) {
		t.Fatal("ctrl+c must quit even while typing")
	}
}

func isQuit(cmd tea.Cmd) bool {
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if c != nil && isQuit(c) {
				return true
			}
		}
	}
	_, ok := msg.(tea.QuitMsg)
	return ok
}

func TestTypingSearchesDebouncedWithPrefix(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("/"))
	before := f.count()
	// Deliver the keys without running their debounce ticks, as when typing
	// faster than the pause: only the last tick may search.
	for _, r := range "ritle" {
		next, _ := m.Update(press(string(r)))
		m = next.(Model)
	}
	if f.count() != before {
		t.Fatal("no search may start while typing")
	}
	m = send(t, m, debounceMsg{seq: m.typingSeq - 1})
	if f.count() != before {
		t.Fatal("a stale debounce tick must not search")
	}
	m = send(t, m, debounceMsg{seq: m.typingSeq})
	if f.count() != before+1 {
		t.Fatalf("the last tick should search once, searches: %d", f.count()-before)
	}
	req := f.last()
	if req.Text != "ritle" || !req.Prefix {
		t.Fatalf("request = %+v, want text ritle with prefix", req)
	}
	if got := pmidsOf(m); !reflect.DeepEqual(got, []string{"1002", "1005"}) && !reflect.DeepEqual(got, []string{"1005", "1002"}) {
		t.Fatalf("papers after typing a prefix = %v", got)
	}
}

func pmidsOf(m Model) []string {
	var out []string
	for _, h := range m.papers.hits {
		out = append(out, h.Paper.PMID)
	}
	return out
}

func TestStaleResultsAreDropped(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	stale := searchResultMsg{seq: m.searchSeq - 1, result: index.Result{Total: 99}}
	m = send(t, m, stale)
	if m.total == 99 {
		t.Fatal("a result from an older search replaced the newer one")
	}
	cmd := m.startSearch(false)
	first := m.searchSeq
	cmd2 := m.startSearch(false)
	m = run(t, m, cmd2)
	got := m.total
	next, _ := m.Update(searchResultMsg{seq: first, result: index.Result{Total: 42}})
	m = next.(Model)
	if m.total != got {
		t.Fatal("the first of two overlapping searches must be dropped when it arrives last")
	}
	_ = cmd
}

func TestLinkedFilters(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("tab")) // conditions
	// Rows are ordered by count: alopecia areata (2) first, then the rest.
	if id := m.conds.selectedID(); id != "alopecia-areata" {
		t.Fatalf("first condition = %q", id)
	}
	m = send(t, m, press("enter"))
	if req := f.last(); !reflect.DeepEqual(req.Conditions, []string{"alopecia-areata"}) {
		t.Fatalf("filter request = %+v", req)
	}
	if m.total != 2 {
		t.Fatalf("papers about alopecia areata = %d, want 2", m.total)
	}
	drugCounts := map[string]int{}
	for _, r := range m.drugs.rows {
		drugCounts[r.entity.ID] = r.count
	}
	want := map[string]int{"baricitinib": 1, "ritlecitinib": 1, "minoxidil": 0, "hydroxychloroquine": 0}
	if !reflect.DeepEqual(drugCounts, want) {
		t.Fatalf("drug counts under the condition filter = %v, want %v", drugCounts, want)
	}
	if s := screen(m); !strings.Contains(s, "Filters:") || !strings.Contains(s, "● alopecia areata") {
		t.Fatal("the active filter must show")
	}
	m = send(t, m, press("tab")) // drugs
	m = send(t, m, press("space"))
	req := f.last()
	if len(req.Conditions) != 1 || len(req.Drugs) != 1 || m.total != 1 {
		t.Fatalf("both filters should apply: %+v total %d", req, m.total)
	}
	m = send(t, m, press("x"))
	if req := f.last(); len(req.Conditions)+len(req.Drugs) != 0 || m.total != 6 {
		t.Fatalf("x should clear the filters: %+v total %d", req, m.total)
	}
}

func TestQueryErrorKeepsResults(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("/"))
	m = typeText(t, m, `"unclosed`)
	if m.total != 6 {
		t.Fatalf("previous results should stay, total %d", m.total)
	}
	s := screen(m)
	if !strings.Contains(s, "query:") || !strings.Contains(s, "previous results kept") {
		t.Fatalf("status line should explain the error:\n%s", s)
	}
	f.err = errors.New("disk on fire\nsecond line")
	m = send(t, m, press("x"))
	if !strings.Contains(screen(m), "search failed: disk on fire second line") {
		t.Fatal("other errors show on one line")
	}
}

func TestSortCycles(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("s"))
	if f.last().Sort != index.SortNewest || pmidsOf(m)[0] != "1002" {
		t.Fatalf("newest first: %v", pmidsOf(m))
	}
	m = send(t, m, press("s"))
	if f.last().Sort != index.SortOldest || pmidsOf(m)[0] != "1006" {
		t.Fatalf("oldest first: %v", pmidsOf(m))
	}
	if !strings.Contains(screen(m), "sort: oldest") {
		t.Fatal("the sort must show")
	}
}

func TestReaderOpenFindClose(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("/"))
	m = typeText(t, m, "hydroxychloroquine")
	m = send(t, m, press("enter"))
	m = send(t, m, press("enter"))
	if m.reader == nil {
		t.Fatal("enter on a paper should open the reader")
	}
	s := screen(m)
	for _, want := range []string{"Hydroxychloroquine for lichen planopilaris", "PMID: 1003", "Test Arch Dermatol. 2016.", "Conditions: lichen planopilaris", "Drugs: hydroxychloroquine"} {
		if !strings.Contains(s, want) {
			t.Errorf("reader lacks %q:\n%s", want, s)
		}
	}
	m = send(t, m, press("/"))
	m = typeText(t, m, "six")
	m = send(t, m, press("enter"))
	if len(m.reader.matches) != 1 || !strings.Contains(screen(m), `match 1 of 1 for "six"`) {
		t.Fatalf("find should report one match, got %v", m.reader.matches)
	}
	m = send(t, m, press("esc")) // clears the find
	m = send(t, m, press("esc")) // closes
	if m.reader != nil {
		t.Fatal("esc should close the reader")
	}
}

// TestHelpOverlayFromBindings: the help lists the keys of where the user
// is, from the live bindings, and not the keys that do nothing there.
func TestHelpOverlayFromBindings(t *testing.T) {
	cases := []struct {
		name    string
		keys    []string
		absent  string
		reading bool
		f       focus
	}{
		{"papers", nil, "filter by it", false, focusPapers},
		{"conditions", []string{"tab"}, "read paper", false, focusConditions},
		{"reader", []string{"enter"}, "cycle sort", true, focusPapers},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			m := newTestModel(t, f, 120, 40)
			for _, k := range tc.keys {
				m = send(t, m, press(k))
			}
			m = send(t, m, press("?"))
			s := screen(m)
			_, groups := m.keys.fullHelp(tc.f, tc.reading)
			for _, b := range groups {
				for _, k := range b {
					if !strings.Contains(s, k.Help().Desc) {
						t.Errorf("help overlay lacks %q", k.Help().Desc)
					}
				}
			}
			if strings.Contains(s, tc.absent) {
				t.Errorf("help overlay lists %q, which does nothing here", tc.absent)
			}
			m = send(t, m, press("?"))
			if m.showHelp {
				t.Fatal("? should close the help")
			}
		})
	}
}

func TestTooSmallAndResize(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 50, 10)
	if !strings.Contains(screen(m), "Terminal too small: 50×10") {
		t.Fatal("a tiny terminal should be told so")
	}
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	s := screen(m)
	if !strings.Contains(s, "6 papers · relevance") || strings.Contains(s, "too small") {
		t.Fatal("resizing should lay out at once")
	}
	if lines := strings.Split(s, "\n"); len(lines) != 24 {
		t.Fatalf("80×24 view has %d lines", len(lines))
	}
}

func TestMouseWheelAndClick(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	l := computeLayout(120, 40)
	m = send(t, m, tea.MouseClickMsg{X: l.drugs.x + 2, Y: l.drugs.y + 2, Button: tea.MouseLeft})
	if m.focus != focusDrugs || m.drugs.cur.pos != 1 {
		t.Fatalf("click should focus drugs and pick row 1: focus %v pos %d", m.focus, m.drugs.cur.pos)
	}
	m = send(t, m, tea.MouseWheelMsg{X: l.papers.x + 5, Y: l.papers.y + 3, Button: tea.MouseWheelDown})
	if m.focus != focusDrugs {
		t.Fatal("the wheel must not move the focus")
	}
}

func TestNextPageLoadsAtTheEnd(t *testing.T) {
	f := newFake(t)
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, PageSize: 2, ReadAfter: -1})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	if len(m.papers.hits) != 2 || m.total != 6 {
		t.Fatalf("first page: %d hits of %d", len(m.papers.hits), m.total)
	}
	m = send(t, m, press("down"))
	if len(m.papers.hits) != 4 || f.last().Offset != 2 {
		t.Fatalf("reaching the end should load the next page: %d hits, last offset %d", len(m.papers.hits), f.last().Offset)
	}
	m = send(t, m, press("G"))
	m = send(t, m, press("G"))
	if len(m.papers.hits) != 6 {
		t.Fatalf("all pages should load, have %d", len(m.papers.hits))
	}
	seen := map[string]bool{}
	for _, id := range pmidsOf(m) {
		if seen[id] {
			t.Fatalf("paper %s loaded twice", id)
		}
		seen[id] = true
	}
}

func TestEntityCursorFollowsUserNotResort(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("tab"))
	if m.conds.cur.pos != 0 || m.conds.rows[0].count == 0 {
		t.Fatal("an untouched cursor should sit on the most frequent condition")
	}
	m = send(t, m, press("down"))
	picked := m.conds.selectedID()
	m = send(t, m, press("/"))
	m = typeText(t, m, "minoxidil")
	if m.conds.selectedID() != picked {
		t.Fatalf("a cursor the user moved should stay on %q, is on %q", picked, m.conds.selectedID())
	}
}

func TestSourceFilterCycles(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	for _, want := range []string{"bundled", "imported", ""} {
		m = send(t, m, press("f"))
		if got := f.last().Source; got != want {
			t.Fatalf("source filter %q, want %q", got, want)
		}
		if want != "" && !strings.Contains(screen(m), "● "+want+" only") {
			t.Fatalf("the source filter must show")
		}
	}
	m = send(t, m, press("f"))
	m = send(t, m, press("x"))
	if f.last().Source != "" {
		t.Fatal("x clears the source filter too")
	}
}

func TestReaderShowsAbstractSections(t *testing.T) {
	p := &store.Paper{PMID: "9", Title: "T", Abstract: []store.Section{{Label: "BACKGROUND", Text: "Hair falls."}, {Label: "RESULTS", Text: "It grew."}}}
	text := p.Text()
	at := strings.Index(text, "grew")
	lines := textLines(NewStyles(true), p, queryStyled([]index.Span{{Start: at, End: at + 4}}, NewStyles(true).Highlight), 40)
	plain := ansi.Strip(strings.Join(lines, "\n"))
	if plain != "BACKGROUND\nHair falls.\n\nRESULTS\nIt grew.\n" {
		t.Fatalf("sections rendered as %q", plain)
	}
	if !strings.Contains(strings.Join(lines, ""), NewStyles(true).Highlight.Render("grew")) {
		t.Fatal("a span inside a section must stay highlighted")
	}
}

func TestHelpFitsSmallScreensAndScrolls(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 80, 24)
	m = send(t, m, press("?"))
	for _, line := range strings.Split(screen(m), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Fatalf("help line is %d cells wide at 80 columns: %q", w, line)
		}
	}
	if !strings.Contains(screen(m), "↑↓ scroll") {
		t.Fatal("help taller than the screen should say it scrolls")
	}
	for i := 0; i < 40; i++ {
		m = send(t, m, press("down"))
	}
	if !strings.Contains(screen(m), "export") {
		t.Fatal("scrolling reaches the last bindings")
	}
}

func TestFrameCacheFollowsVisibleChanges(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	before := m.version
	next, _ := m.Update(debounceMsg{seq: m.typingSeq - 1})
	if next.(Model).version != before {
		t.Fatal("a stale debounce tick must not invalidate the frame")
	}
	m = send(t, m, press("/"))
	m = typeText(t, m, "ritle")
	if !strings.Contains(screen(m), "Papers 2") || m.version <= before {
		t.Fatalf("typing must re-render: version %d → %d", before, m.version)
	}
	if a, b := m.View().Content, m.View().Content; a != b {
		t.Fatal("the cached frame must equal a fresh one")
	}
}

// TestHugeWindowIsClamped: a terminal that declares an absurd size gets a
// view of at most MaxWidth×MaxHeight cells (10000×10000 took an SSH server
// to gigabytes).
func TestHugeWindowIsClamped(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 80, 24)
	for _, size := range [][2]int{{10000, 10000}, {1000, 2000}, {300, 1000}, {MaxWidth + 1, 30}} {
		m = send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(screen(m), "\n")
		wantH := min(size[1], MaxHeight)
		if len(lines) != wantH {
			t.Errorf("%v: %d lines, want %d", size, len(lines), wantH)
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > MaxWidth {
				t.Fatalf("%v: a line of %d cells", size, w)
			}
		}
	}
}
