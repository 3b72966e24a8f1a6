package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// TestReaderLabelsDigestAndLinksCanonically: a digest is labelled as ours,
// with the PubMed address of the authors' abstract; the reader shows
// PubMed, PubMed Central and doi.org links and nothing else.
func TestReaderLabelsDigestAndLinksCanonically(t *testing.T) {
	for _, tc := range []struct {
		name      string
		paper     store.Paper
		want, not []string
	}{
		{"bundled with PMC and DOI",
			store.Paper{PMID: "123", PMCID: "PMC456", DOI: "10.1/x", Title: "T", Digest: "Our words.", Origin: store.OriginBundled},
			[]string{"Summary written for Follicle; not the authors' abstract.", "Authors' abstract: https://pubmed.ncbi.nlm.nih.gov/123/",
				"PMC: PMC456", "\x1b]8;;https://pmc.ncbi.nlm.nih.gov/articles/PMC456/", "\x1b]8;;https://doi.org/10.1/x"},
			[]string{"Verified at"}},
		{"imported abstract, no PMC",
			store.Paper{PMID: "9", Title: "T", Abstract: []store.Section{{Text: "The authors' text."}}},
			[]string{"PMID: 9", "The authors' text."},
			[]string{"Summary written for Follicle", "PMC:", "DOI:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.paper
			raw := strings.Join(readerLines(NewStyles(true), nil, index.Hit{Paper: &p}, 100, nil, "", false), "\n")
			plain := ansi.Strip(raw)
			for _, w := range tc.want {
				if !strings.Contains(plain, w) && !strings.Contains(raw, w) {
					t.Errorf("reader lacks %q:\n%s", w, plain)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(plain, n) {
					t.Errorf("reader shows %q:\n%s", n, plain)
				}
			}
			if strings.Index(plain, "Summary written") > strings.Index(plain, "Our words.") {
				t.Error("the label must come before the digest")
			}
		})
	}
}
