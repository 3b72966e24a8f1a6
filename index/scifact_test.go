package index

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/internal/scifact"
	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

// A fixed subset of BEIR SciFact (the shared data, read where it lies):
// the first subsetQueries judged training claims and a corpus of
// subsetDocs abstracts holding every abstract they judge relevant, built
// once for the package's tests of ranking and of did-you-mean.
const (
	subsetQueries = 300
	subsetDocs    = 2500
)

type scifactFixture struct {
	set     *scifact.Set
	docs    []scifact.Doc
	queries []scifact.Query
	ix      *Index
	err     error
}

var (
	scifactOnce sync.Once
	scifactFix  scifactFixture
	scifactHome string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if scifactFix.ix != nil {
		scifactFix.ix.Close()
	}
	if scifactHome != "" {
		os.RemoveAll(scifactHome)
	}
	os.Exit(code)
}

func scifactIndex(t testing.TB) scifactFixture {
	t.Helper()
	dir := testdata.Path(t, "scifact")
	scifactOnce.Do(func() {
		scifactFix.err = buildSciFact(dir)
	})
	if scifactFix.err != nil {
		t.Fatalf("scifact subset: %v", scifactFix.err)
	}
	return scifactFix
}

func buildSciFact(dir string) error {
	set, err := scifact.Load(dir)
	if err != nil {
		return err
	}
	docs, queries := set.Subset(subsetQueries, subsetDocs)
	papers := make([]store.Paper, len(docs))
	for i, d := range docs {
		papers[i] = store.Paper{PMID: d.ID, Title: d.Title, Abstract: []store.Section{{Text: d.Text}}, Origin: store.OriginImported}
	}
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		return err
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		return err
	}
	home, err := os.MkdirTemp("", "follicle-scifact-")
	if err != nil {
		return err
	}
	scifactHome = home
	// On disk, as the app keeps it: Bleve's scorch, whose dictionary has
	// the fuzzy walk the suggestions use (the in-memory index has not).
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "scifact-subset"})
	if err != nil {
		return err
	}
	<-ix.Prepared()
	scifactFix = scifactFixture{set: set, docs: docs, queries: queries, ix: ix}
	return nil
}
