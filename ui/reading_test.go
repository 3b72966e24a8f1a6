package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/store/export"
)

// TestSavedSearchesAreStable: numbers follow creation, not names; the
// reading list is saved with a search; overwriting asks; rename and delete
// work from the list.
func TestSavedSearchesAreStable(t *testing.T) {
	m, _, db := newStateModel(t, -1)
	save := func(m Model, name string) Model {
		m = send(t, m, press("S"))
		m = typeText(t, m, name)
		return send(t, m, press("enter"))
	}
	m = send(t, m, press("space"))
	m = send(t, m, press("m"))
	m = save(m, "bari on my list")
	if !strings.Contains(screen(m), `saved as search 1, "bari on my list"`) {
		t.Fatalf("saving should confirm:\n%s", screen(m))
	}
	m = send(t, m, press("m"))
	m = send(t, m, press("/"))
	m = typeText(t, m, "minoxidil")
	m = send(t, m, press("enter"))
	m = save(m, "LPP tx newest")
	if got := loadState(t, db).Saved; len(got) != 2 || got[0].Name != "bari on my list" || !got[0].MarkedOnly {
		t.Fatalf("search 1 must stay the first one saved, with its reading list: %+v", got)
	}
	m = send(t, m, press("1"))
	if !m.markedOnly || m.input.Value() != "" {
		t.Fatalf("1 should recall the reading-list search: marked %v query %q", m.markedOnly, m.input.Value())
	}
	m = save(m, "LPP tx newest")
	if m.overlay.kind != overlayConfirm {
		t.Fatal("saving over a name in use should ask first")
	}
	m = send(t, m, press("n"))
	if got := loadState(t, db).Saved[1]; got.Query != "minoxidil" {
		t.Fatalf("n keeps the old search, have %+v", got)
	}
	m = save(m, "LPP tx newest")
	m = send(t, m, press("y"))
	if got := loadState(t, db).Saved; got[1].Name != "LPP tx newest" || !got[1].MarkedOnly || got[0].Name != "bari on my list" {
		t.Fatalf("y replaces in place: %+v", got)
	}
	m = send(t, m, press("L"))
	m = send(t, m, press("r"))
	for range "bari on my list" {
		m = send(t, m, press("backspace"))
	}
	m = typeText(t, m, "bari")
	m = send(t, m, press("enter"))
	if got := loadState(t, db).Saved; got[0].Name != "bari" {
		t.Fatalf("r renames in place: %+v", got)
	}
	m = send(t, m, press("L"))
	m = send(t, m, press("d"))
	m = send(t, m, press("y"))
	if got := loadState(t, db).Saved; len(got) != 1 || got[0].Name != "LPP tx newest" {
		t.Fatalf("d then y deletes: %+v", got)
	}
}

// TestSearchHistory: ↑ and ↓ in the search box walk the user's earlier
// queries, which are kept on disk; past the newest comes what was typed.
func TestSearchHistory(t *testing.T) {
	m, f, db := newStateModel(t, -1)
	for _, q := range []string{"minoxidil", "baricitinib"} {
		m = send(t, m, press("/"))
		m.setQuery("")
		m = typeText(t, m, q)
		m = send(t, m, press("enter"))
	}
	if got := loadState(t, db).History; strings.Join(got, "|") != "minoxidil|baricitinib" {
		t.Fatalf("history on disk %q", got)
	}
	m = send(t, m, press("/"))
	m.setQuery("")
	m = typeText(t, m, "hyd")
	m = send(t, m, press("up"))
	if m.input.Value() != "baricitinib" || f.last().Text != "baricitinib" {
		t.Fatalf("↑ shows and searches the newest query: %q", m.input.Value())
	}
	m = send(t, m, press("up"))
	m = send(t, m, press("up"))
	if m.input.Value() != "minoxidil" {
		t.Fatalf("↑↑ reaches the oldest and stays: %q", m.input.Value())
	}
	m = send(t, m, press("down"))
	m = send(t, m, press("down"))
	if m.input.Value() != "hyd" {
		t.Fatalf("↓ past the newest brings back the typed text: %q", m.input.Value())
	}
	m2 := New(Config{Searcher: f, Library: f.ix.Library(), Personal: loadState(t, db), ReadAfter: -1})
	if len(m2.personal.History) != 2 {
		t.Fatal("a new session starts with the history")
	}
}

// TestEditingDialogs: Esc asks before throwing away a changed note; tags
// complete from the user's tags; dialogs name the paper by its title.
func TestEditingDialogs(t *testing.T) {
	m, _, db := newStateModel(t, -1)
	first := m.papers.hits[0].Paper
	m = send(t, m, press("t"))
	if !strings.Contains(screen(m), "Tags for “"+first.Title[:20]) {
		t.Fatalf("the tag dialog names the paper by title:\n%s", screen(m))
	}
	m = typeText(t, m, "exam-prep")
	m = send(t, m, press("enter"))
	m = send(t, m, press("j"))
	m = send(t, m, press("t"))
	m = typeText(t, m, "jak, ex")
	m = send(t, m, press("tab"))
	m = send(t, m, press("enter"))
	second := m.papers.hits[1].Paper.PMID
	if got := loadState(t, db).Tags[second]; strings.Join(got, ",") != "exam-prep,jak" && strings.Join(got, ",") != "jak,exam-prep" {
		t.Fatalf("tab should complete \"ex\" to exam-prep: %q", got)
	}
	m = send(t, m, press("e"))
	m = typeText(t, m, "draft")
	m = send(t, m, press("esc"))
	if m.overlay.kind != overlayNote || !strings.Contains(screen(m), "Discard your changes?") {
		t.Fatalf("esc on a changed note should ask:\n%s", screen(m))
	}
	m = send(t, m, press("j"))
	if m.overlay.kind != overlayNote || m.overlay.area.Value() != "draft" {
		t.Fatal("another key goes back to editing, the text kept")
	}
	m = send(t, m, press("esc"))
	m = send(t, m, press("y"))
	if m.overlay.kind != overlayNone || loadState(t, db).Notes[second] != "" {
		t.Fatal("y discards the note")
	}
	m = send(t, m, press("e"))
	m = send(t, m, press("esc"))
	if m.overlay.kind != overlayNone {
		t.Fatal("esc on an unchanged note closes at once")
	}
}

// TestExportOfNothing: E with no paper shown says so and writes no file.
func TestExportOfNothing(t *testing.T) {
	f := newFake(t)
	writes := 0
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1, ExportTo: "x",
		Export: func(export.Format, []export.Item) (string, error) { writes++; return "x/file", nil }})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	m = send(t, m, press("/"))
	m = typeText(t, m, "zzzzqqq")
	m = send(t, m, press("enter"))
	m = send(t, m, press("E"))
	m = send(t, m, press("b"))
	if writes != 0 || !strings.Contains(screen(m), "nothing to export") {
		t.Fatalf("an export of nothing should say so and write nothing: %d writes\n%s", writes, screen(m))
	}
	m = applyExportOf(m, exportCmd(m.cfg.Context, f, m.request(), export.BibTeX, annotations{}, m.cfg.Export))
	if writes != 0 || !strings.Contains(m.notice, "nothing to export") {
		t.Fatalf("the export command itself writes no empty file: %d writes, %q", writes, m.notice)
	}
}

func applyExportOf(m Model, cmd tea.Cmd) Model {
	next, _ := m.applyExport(cmd().(exportDoneMsg))
	return next.(Model)
}

// TestReaderFindCountsMatches: find counts occurrences, not lines, and n
// walks through each of them.
func TestReaderFindCountsMatches(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 80, 24)
	m = send(t, m, press("/"))
	m = typeText(t, m, "baricitinib 4 mg")
	m = send(t, m, press("enter"))
	m = send(t, m, press("enter"))
	m = send(t, m, press("/"))
	m = typeText(t, m, "mg")
	m = send(t, m, press("enter"))
	want := 0
	for _, l := range m.reader.plain {
		want += strings.Count(strings.ToLower(l), "mg")
	}
	if want < 2 || len(m.reader.matches) != want {
		t.Fatalf("find should count %d occurrences, counts %d", want, len(m.reader.matches))
	}
	if !strings.Contains(screen(m), "match 1 of 2") {
		t.Fatalf("the footer should count occurrences:\n%s", screen(m))
	}
	m = send(t, m, press("n"))
	if m.reader.match != 1 || !strings.Contains(screen(m), "match 2 of 2") {
		t.Fatalf("n should go to the second occurrence, is on %d", m.reader.match)
	}
	cur := m.reader.matches[1]
	styled := markFind(m.styles, m.reader.plain[cur.line], "mg", m.reader.lines[cur.line], cur.start)
	if !strings.Contains(styled, m.styles.FindCurrent.Render("mg")) || !strings.Contains(styled, m.styles.FindMatch.Render("mg")) {
		t.Fatalf("the current match should look different from the others: %q", styled)
	}
}

// TestReaderMarksAndSteps: Space and r work in the reader and show; ] and [
// open the next and previous paper of the list.
func TestReaderMarksAndSteps(t *testing.T) {
	m, _, db := newStateModel(t, -1)
	m = send(t, m, press("enter"))
	first := m.reader.hit.Paper.PMID
	m = send(t, m, press("space"))
	if _, ok := loadState(t, db).Marked[first]; !ok || !strings.Contains(screen(m), "added to your reading list") {
		t.Fatalf("space in the reader should mark the paper and say so:\n%s", screen(m))
	}
	m = send(t, m, press("r"))
	if _, ok := loadState(t, db).Read[first]; !ok || !strings.Contains(screen(m), "★ ✓ q/esc back") {
		t.Fatalf("r in the reader should mark it read and show ★ ✓:\n%s", screen(m))
	}
	m = send(t, m, press("]"))
	second := m.reader.hit.Paper.PMID
	if second == first || m.papers.cur.pos != 1 {
		t.Fatalf("] should open the next paper: %s after %s, cursor %d", second, first, m.papers.cur.pos)
	}
	m = send(t, m, press("K"))
	if m.reader.hit.Paper.PMID != first || m.papers.cur.pos != 0 {
		t.Fatal("K should go back to the first paper")
	}
	m = send(t, m, press("["))
	if !strings.Contains(screen(m), "first paper of the list") {
		t.Fatal("[ on the first paper should say so")
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
