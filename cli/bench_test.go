package cli

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/ui"
)

// BenchmarkStartupToFirstFrame measures what a second start costs before the
// first full frame: load the bundled corpus, open the existing index, run
// the opening search (everything, all facets) and render.
func BenchmarkStartupToFirstFrame(b *testing.B) {
	home := b.TempDir()
	p := paths{index: home + "/index", data: home + "/data"}
	_, ix, err := openLibraryAndIndex(p)
	if err != nil {
		b.Fatal(err)
	}
	ix.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		lib, ix, err := openLibraryAndIndex(p)
		if err != nil {
			b.Fatal(err)
		}
		var m tea.Model = ui.New(ui.Config{Searcher: ix, Library: lib})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		res, err := ix.Search(context.Background(), index.Request{Limit: 100})
		if err != nil || res.Total == 0 {
			b.Fatalf("opening search: %v", err)
		}
		if m.View().Content == "" {
			b.Fatal("empty first frame")
		}
		ix.Close()
	}
}

// BenchmarkFirstRunBuild measures loading the corpus and building its index
// from nothing, as on the very first start.
func BenchmarkFirstRunBuild(b *testing.B) {
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		home := b.TempDir()
		ix, _, err := index.OpenOrBuild(context.Background(), lib, index.Options{Home: home, Fingerprint: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(lib.Len()), "papers")
}

// BenchmarkKeystrokeSearch measures the search each keystroke starts when a
// user types queries into the explorer: every prefix, with the as-you-type
// prefix match, a page of 100 hits, all facets and highlight spans.
func BenchmarkKeystrokeSearch(b *testing.B) {
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		b.Fatal(err)
	}
	ix, _, err := index.OpenOrBuild(context.Background(), lib, index.Options{Home: b.TempDir(), Fingerprint: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	var prefixes []string
	for _, q := range []string{"baricitinib alopecia", "frontal fibrosing", "minoxidil oral", "lichen planopilaris hydroxychloroquine"} {
		for i := 1; i <= len(q); i++ {
			prefixes = append(prefixes, q[:i])
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		q := prefixes[n%len(prefixes)]
		n++
		if _, err := ix.Search(context.Background(), index.Request{Text: q, Prefix: true, Limit: 100}); err != nil {
			b.Fatalf("search %q: %v", q, err)
		}
	}
}
