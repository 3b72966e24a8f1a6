package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// TestReaderMentions: with mentions on, the reader marks condition and
// drug mentions in their two styles, in the title and in a section of a
// structured abstract, and lists which names were matched; off, it marks
// the query's terms.
func TestReaderMentions(t *testing.T) {
	lib, err := store.NewLibrary([]store.Entity{
		{ID: "mesh-d000506", Kind: store.KindCondition, Name: "Alopecia Areata"},
		{ID: "mesh-d008914", Kind: store.KindDrug, Name: "Minoxidil"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &store.Paper{PMID: "1", Title: "Minoxidil in AA",
		Abstract:   []store.Section{{Label: "BACKGROUND", Text: "Alopecia areata (AA) responds to minoxidil."}},
		Conditions: []string{"mesh-d000506"}, Drugs: []string{"mesh-d008914"}}
	text := p.LinkedText()
	at := func(s string, from int) store.Mention {
		i := strings.Index(text[from:], s) + from
		return store.Mention{Start: i, End: i + len(s)}
	}
	for _, m := range []struct {
		s    string
		from int
		id   string
	}{{"Minoxidil", 0, "mesh-d008914"}, {"AA", 0, "mesh-d000506"}, {"Alopecia areata", 0, "mesh-d000506"}, {"minoxidil", 20, "mesh-d008914"}} {
		mn := at(m.s, m.from)
		mn.ID = m.id
		p.Mentions = append(p.Mentions, mn)
	}
	st := NewStyles(true)
	hit := index.Hit{Paper: p, TitleSpans: []index.Span{{Start: 0, End: 9}}}
	on := strings.Join(readerLines(st, lib, hit, 80, nil, "", true), "\n")
	for _, want := range []string{
		st.MentionDrug.Render("Minoxidil"), st.MentionCondition.Render("AA"),
		st.MentionCondition.Render("Alopecia areata"), st.MentionDrug.Render("minoxidil"),
	} {
		if !strings.Contains(on, want) {
			t.Errorf("mentions on: %q not marked in\n%s", ansi.Strip(want), on)
		}
	}
	if plain := ansi.Strip(on); !strings.Contains(plain, "Matched: Minoxidil → Minoxidil; AA, Alopecia areata → Alopecia Areata") {
		t.Errorf("no Matched line in\n%s", plain)
	}
	off := strings.Join(readerLines(st, lib, hit, 80, nil, "", false), "\n")
	if !strings.Contains(off, st.Highlight.Render("Minoxidil")) || strings.Contains(off, st.MentionCondition.Render("AA")) || strings.Contains(ansi.Strip(off), "Matched:") {
		t.Errorf("mentions off should mark the query only:\n%s", off)
	}
}
