package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/store/export"
)

// TestExportAsksForEveryMatch: E asks the index for every match (an export
// request without a limit, which the index answers past the 10,000-result
// page window: index.TestExportIsNotCutAtTheWindow) and writes as many
// papers as the search found.
func TestExportAsksForEveryMatch(t *testing.T) {
	f := newFake(t)
	var written int
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1, ExportTo: "x",
		Export: func(_ export.Format, items []export.Item) (string, error) { written = len(items); return "x", nil }})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	total := m.papers.total
	m = send(t, m, press("E"))
	m = send(t, m, press("r"))
	if r := f.last(); !r.Export || r.Limit != 0 || r.Offset != 0 {
		t.Fatalf("export request %+v: want every match", r)
	}
	if written != total || total == 0 {
		t.Fatalf("wrote %d papers of %d", written, total)
	}
}
