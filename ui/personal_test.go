package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/export"
)

func newStateModel(t *testing.T, readAfter time.Duration) (Model, *fakeSearcher, *store.StateDB) {
	t.Helper()
	f := newFake(t)
	db, err := store.OpenStateDB(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, State: db, User: "me", ReadAfter: readAfter})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	return run(t, m, m.Init()), f, db
}

func loadState(t *testing.T, db *store.StateDB) store.Personal {
	t.Helper()
	p, err := db.Load("me")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMarkAndReadingList(t *testing.T) {
	m, f, db := newStateModel(t, -1)
	first := m.papers.hits[0].Paper.PMID
	m = send(t, m, press("space"))
	if _, ok := loadState(t, db).Marked[first]; !ok {
		t.Fatal("space should put the paper on the reading list, on disk")
	}
	if !strings.Contains(screen(m), "★ ") {
		t.Fatal("a marked paper shows a star")
	}
	m = send(t, m, press("m"))
	if req := f.last(); !req.Restrict || len(req.OnlyIDs) != 1 || req.OnlyIDs[0] != first || m.total != 1 {
		t.Fatalf("m shows the reading list only: %+v, total %d", req, m.total)
	}
	m = send(t, m, press("space"))
	if len(loadState(t, db).Marked) != 0 || m.total != 0 {
		t.Fatalf("unmarking on the reading list empties it: total %d", m.total)
	}
	m = send(t, m, press("x"))
	if f.last().Restrict || m.total != 6 {
		t.Fatal("x leaves the reading list view")
	}
	m = send(t, m, press("r"))
	if _, ok := loadState(t, db).Read[m.papers.hits[0].Paper.PMID]; !ok {
		t.Fatal("r marks read")
	}
}

func TestTagsNotesAndQueries(t *testing.T) {
	m, f, db := newStateModel(t, -1)
	pmid := m.papers.hits[0].Paper.PMID
	m = send(t, m, press("t"))
	m = typeText(t, m, "JAK review, to read")
	m = send(t, m, press("enter"))
	if tags := loadState(t, db).Tags[pmid]; strings.Join(tags, ",") != "jak-review,to-read" {
		t.Fatalf("tags %v", tags)
	}
	m = send(t, m, press("e"))
	m = typeText(t, m, "Check the week 24 figure")
	m = send(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if note := loadState(t, db).Notes[pmid]; note != "Check the week 24 figure" {
		t.Fatalf("note %q", note)
	}
	m = send(t, m, press("/"))
	m = typeText(t, m, "tag:jak-review")
	if req := f.last(); req.Text != "tag:jak-review" || req.Personal == nil || m.total != 1 {
		t.Fatalf("tag: query: %+v total %d", req, m.total)
	}
	m.input.SetValue("")
	m = typeText(t, m, "note:week")
	if m.total != 1 || m.papers.hits[0].Paper.PMID != pmid {
		t.Fatalf("note: query found %d", m.total)
	}
	m = send(t, m, press("enter"))
	m = send(t, m, press("enter"))
	s := screen(m)
	if !strings.Contains(s, "Tags: #jak-review #to-read") || !strings.Contains(s, "Your note:") || !strings.Contains(s, "Check the week 24 figure") {
		t.Fatalf("the reader shows tags and the note:\n%s", s)
	}
}

func TestCopyMenu(t *testing.T) {
	m, _, _ := newStateModel(t, -1)
	p := m.papers.hits[0].Paper
	m = send(t, m, press("y"))
	if !strings.Contains(screen(m), "PubMed link") {
		t.Fatal("y opens the copy menu")
	}
	next, cmd := m.Update(press("u"))
	m = next.(Model)
	if cmd == nil || !strings.Contains(m.notice, "copied PubMed link: https://pubmed.ncbi.nlm.nih.gov/"+p.PMID) {
		t.Fatalf("notice %q", m.notice)
	}
}

func TestSavedSearches(t *testing.T) {
	m, f, db := newStateModel(t, -1)
	m = send(t, m, press("/"))
	m = typeText(t, m, "minoxidil")
	m = send(t, m, press("enter"))
	m = send(t, m, press("s"))
	m = send(t, m, press("S"))
	m = typeText(t, m, "minox")
	m = send(t, m, press("enter"))
	if ss, ok := loadState(t, db).SavedSearch("minox"); !ok || ss.Query != "minoxidil" || ss.Sort != "newest" {
		t.Fatalf("saved %+v", loadState(t, db).Saved)
	}
	m = send(t, m, press("/"))
	m.input.SetValue("")
	m = typeText(t, m, "ritlecitinib")
	m = send(t, m, press("esc"))
	m = send(t, m, press("1"))
	if req := f.last(); req.Text != "minoxidil" || m.sort.String() != "newest" || m.input.Value() != "minoxidil" {
		t.Fatalf("1 recalls the saved search: %+v", req)
	}
}

func TestReadAfterOpening(t *testing.T) {
	m, _, db := newStateModel(t, time.Millisecond)
	pmid := m.papers.hits[0].Paper.PMID
	m = send(t, m, press("enter"))
	if _, ok := loadState(t, db).Read[pmid]; !ok || !m.isRead(pmid) {
		t.Fatal("a paper left open in the reader counts as read")
	}
}

func TestAnonymousSessionHasNoState(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, press("space"))
	if !strings.Contains(screen(m), "personal state is off") {
		t.Fatal("without a state store the user is told")
	}
}

func TestExportFromTheExplorer(t *testing.T) {
	f := newFake(t)
	dir := t.TempDir()
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1, ExportTo: dir,
		Export: func(f export.Format, items []export.Item) (string, error) {
			return export.ToDir(dir, f, items)
		}})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	m = send(t, m, press("/"))
	m = typeText(t, m, "minoxidil")
	m = send(t, m, press("esc"))
	m = send(t, m, press("E"))
	m = send(t, m, press("b"))
	files, _ := filepath.Glob(filepath.Join(dir, "*.bib"))
	if len(files) != 1 || !strings.Contains(m.notice, "exported 2 papers to "+files[0]) {
		t.Fatalf("files %v, notice %q", files, m.notice)
	}
	b, _ := os.ReadFile(files[0])
	if strings.Count(string(b), "@article{") != 2 {
		t.Fatalf("export holds:\n%s", b)
	}
}

func TestOpenLink(t *testing.T) {
	f := newFake(t)
	var opened []string
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1,
		OpenURL: func(u string) error { opened = append(opened, u); return nil }})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	m = send(t, m, press("o"))
	want := "https://pubmed.ncbi.nlm.nih.gov/" + m.papers.hits[0].Paper.PMID + "/"
	if len(opened) != 1 || opened[0] != want || !strings.Contains(m.notice, "opened "+want) {
		t.Fatalf("opened %v notice %q", opened, m.notice)
	}
	remote := newTestModel(t, f, 120, 40)
	next, cmd := remote.Update(press("o"))
	if cmd == nil || !strings.Contains(next.(Model).notice, "copied PubMed link") {
		t.Fatal("without a local browser, o copies the link")
	}
}

func TestSavedAndTagLists(t *testing.T) {
	m, f, _ := newStateModel(t, -1)
	m = send(t, m, press("L"))
	if !strings.Contains(screen(m), "none yet: S saves") {
		t.Fatal("an empty saved list says how to fill it")
	}
	m = send(t, m, press("esc"))
	m = send(t, m, press("t"))
	m = typeText(t, m, "exam")
	m = send(t, m, press("enter"))
	m = send(t, m, press("down"))
	m = send(t, m, press("t"))
	m = typeText(t, m, "exam, later")
	m = send(t, m, press("enter"))
	m = send(t, m, press("#"))
	s := screen(m)
	if !strings.Contains(s, "#exam") || !strings.Contains(s, "#later") {
		t.Fatalf("tag list:\n%s", s)
	}
	m = send(t, m, press("enter"))
	if m.input.Value() != "tag:exam" || m.total != 2 || f.last().Personal == nil {
		t.Fatalf("enter on a tag filters by it: %q total %d", m.input.Value(), m.total)
	}
	m = send(t, m, press("S"))
	m = typeText(t, m, "exam papers")
	m = send(t, m, press("enter"))
	m = send(t, m, press("x"))
	m.input.SetValue("")
	m = send(t, m, press("L"))
	m = send(t, m, press("enter"))
	if m.input.Value() != "tag:exam" || m.total != 2 {
		t.Fatalf("enter in the saved list recalls it: %q %d", m.input.Value(), m.total)
	}
}

// TestAnonymousHidesWhatItCannotKeep: an anonymous session shows no key for
// marks, tags, notes, saved searches or export, in the footer or the help,
// and those keys do nothing.
func TestAnonymousHidesWhatItCannotKeep(t *testing.T) {
	f := newFake(t)
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1, Anonymous: true})
	m = send(t, m, tea.WindowSizeMsg{Width: 200, Height: 60})
	m = run(t, m, m.Init())
	footer := screen(m)
	for _, hidden := range []string{"mark for reading list", "edit tags", "edit note"} {
		if strings.Contains(footer, hidden) {
			t.Errorf("the footer offers %q", hidden)
		}
	}
	if !strings.Contains(footer, "copy PMID") {
		t.Error("copy keeps working and must stay in the footer")
	}
	for _, k := range []string{"space", "t", "e", "E", "S", "L", "#", "m", "r"} {
		m = send(t, m, press(k))
		if m.overlay.kind != overlayNone || m.markedOnly || len(m.personal.Marked) > 0 || m.notice != "" {
			t.Fatalf("%s acted in an anonymous session: overlay %v notice %q", k, m.overlay.kind, m.notice)
		}
	}
	m = send(t, m, press("?"))
	help := screen(m)
	for _, hidden := range []string{"mark for reading list", "reading list only", "read/unread", "edit tags", "edit note",
		"save this search", "saved searches", "export", "your tags"} {
		if strings.Contains(help, hidden) {
			t.Errorf("the help offers %q", hidden)
		}
	}
}

// TestExportInAServedSession: with no files to write (over SSH), the export
// menu says how to export from the user's machine and a key copies the
// export to the clipboard.
func TestExportInAServedSession(t *testing.T) {
	f := newFake(t)
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1,
		ExportHint: "ssh -p 2222 192.0.2.1 export"})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	m = send(t, m, press("E"))
	if s := screen(m); !strings.Contains(s, "ssh -p 2222 192.0.2.1 export --format bibtex > papers.bib") ||
		!strings.Contains(s, "copies a small export to your clipboard") {
		t.Fatalf("the menu does not say how to export:\n%s", s)
	}
	next, cmd := m.Update(press("b"))
	m = next.(Model)
	done, ok := cmd().(exportDoneMsg)
	if !ok || done.clip == "" || strings.Count(done.clip, "@article{") != done.n || done.n != 6 {
		t.Fatalf("the export for the clipboard: %+v", done)
	}
	next, cmd = m.Update(done)
	m = next.(Model)
	if cmd == nil || !strings.Contains(m.notice, "copied 6 papers as bibtex to your clipboard") {
		t.Fatalf("notice %q, clipboard command %v", m.notice, cmd)
	}
	next, cmd = m.Update(exportDoneMsg{n: 9000, format: export.RIS, tooLong: true})
	want := "9000 papers are too many for the clipboard; for a file run: ssh -p 2222 192.0.2.1 export --format ris > papers.ris"
	if cmd != nil || next.(Model).notice != want {
		t.Fatalf("an export too long for the clipboard: notice %q, command %v", next.(Model).notice, cmd)
	}
}
