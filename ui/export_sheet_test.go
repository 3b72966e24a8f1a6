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

// TestExportCarriesTagsAndNotes: the E menu offers the study sheet, and
// every export from the explorer carries the user's tags and notes.
func TestExportCarriesTagsAndNotes(t *testing.T) {
	for _, tc := range []struct {
		key, ext string
		want     []string
	}{
		{"s", ".md", []string{"# Study sheet", "**Tags:** `exam` `jak`", "> Compare doses."}},
		{"b", ".bib", []string{"exam, jak", "annote = {Note: Compare doses."}},
		{"r", ".ris", []string{"KW  - exam", "N1  - Note: Compare doses."}},
	} {
		t.Run(tc.ext, func(t *testing.T) {
			f := newFake(t)
			dir := t.TempDir()
			personal := store.Personal{Marked: map[string]time.Time{}, Read: map[string]time.Time{},
				Tags: map[string][]string{"1001": {"exam", "jak"}}, Notes: map[string]string{"1001": "Compare doses."}}
			m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1, ExportTo: dir,
				Personal: personal, Export: func(f export.Format, items []export.Item) (string, error) {
					return export.ToDir(dir, f, items)
				}})
			m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
			m = run(t, m, m.Init())
			m = send(t, m, press("/"))
			m = typeText(t, m, "baricitinib")
			m = send(t, m, press("esc"))
			m = send(t, m, press("E"))
			if !strings.Contains(screen(m), "study sheet (Markdown)") {
				t.Fatalf("the export menu should offer the study sheet:\n%s", screen(m))
			}
			m = send(t, m, press(tc.key))
			files, _ := filepath.Glob(filepath.Join(dir, "*"+tc.ext))
			if len(files) != 1 {
				t.Fatalf("files %v, notice %q, error %q", files, m.notice, m.errText)
			}
			b, _ := os.ReadFile(files[0])
			for _, w := range tc.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("%s lacks %q:\n%s", tc.ext, w, b)
				}
			}
		})
	}
}
