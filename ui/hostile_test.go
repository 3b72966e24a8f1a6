package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/storetest"
)

// rawHostilePaper is the hostile record exactly as a file wrote it, not
// cleaned: what a library written before the readers cleaned every field
// may still hold. The screen must be safe on its own.
func rawHostilePaper() store.Paper {
	r := hostile.New("424242", false)
	return store.Paper{PMID: r.PMID, DOI: r.DOI, Title: r.Title, Authors: []string{r.Author}, Journal: r.Journal,
		Year: 2020, Month: r.Month, Volume: r.Volume, Issue: r.Issue, Pages: r.Pages, PubTypes: []string{r.PubType},
		MeSH: []string{r.MeSH}, Keywords: []string{r.Keyword}, Language: r.Language,
		Abstract: []store.Section{{Label: "BACKGROUND" + hostile.Payload(false), Text: r.Abstract}},
		PMCID:    "PMC42" + hostile.OSCTitle, Origin: store.OriginImported}
}

// TestHostileRecordOnScreen renders the hostile record in the papers list,
// the reader and the copy menu, at two sizes, and checks that every frame
// holds only colour sequences and safe links: no title change, clipboard
// write, attacker link, screen clear, C0, C1 or bidi character.
func TestHostileRecordOnScreen(t *testing.T) {
	papers := append(storetest.Papers(), rawHostilePaper(), func() store.Paper {
		p := rawHostilePaper()
		p.PMID, p.DOI = "77"+hostile.OSCTitle, "10.1000/a\"b<c> d"+hostile.Word
		return p
	}())
	lib, err := store.NewLibrary(storetest.Entities(), papers)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.NewMemOnly(context.Background(), lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f := &fakeSearcher{ix: ix}
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m := New(Config{Searcher: f, Library: lib, Debounce: time.Millisecond, ReadAfter: -1})
		m = send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m = run(t, m, m.Init())
		m = send(t, m, press("/"))
		m = typeText(t, m, hostile.Word)
		check(t, "papers list", m)
		m = send(t, m, press("enter"))
		check(t, "papers list focused", m)
		for i := 0; i < 2; i++ {
			r := send(t, m, press("enter"))
			frame := check(t, "reader", r)
			if !strings.Contains(frame, hostile.Word) {
				t.Fatalf("the reader does not show the hostile record:\n%s", frame)
			}
			for _, k := range []string{"y", "j"} {
				r = send(t, r, press(k))
				check(t, "reader after "+k, r)
			}
			m = send(t, m, press("down"))
		}
	}
}

func check(t *testing.T, name string, m Model) string {
	t.Helper()
	frame := m.View().Content
	if err := hostile.CheckScreen(name, []byte(frame), false); err != nil {
		t.Fatal(err)
	}
	return frame
}
