package export

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/medline"
	"github.com/follicle/follicle/store/pubmedcsv"
	"github.com/follicle/follicle/store/pubmedxml"
)

// realPapers reads the 93 real PubMed records of the pubMR file: structured
// abstracts, long author lists, MeSH terms, keywords.
func realPapers(t *testing.T) []*store.Paper {
	t.Helper()
	f, err := os.Open(testdata.Path(t, "pubmed-xml", "pubMR_neoplasms_serine_2017-2018.xml.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, _ := gzip.NewReader(f)
	var out []*store.Paper
	r := pubmedxml.NewReader(z, "pubMR")
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		p := rec.Paper
		out = append(out, &p)
	}
}

func readBack(t *testing.T, r store.RecordReader) []store.Paper {
	t.Helper()
	var out []store.Paper
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec.Paper)
	}
}

func TestMEDLINERoundTrip(t *testing.T) {
	papers := realPapers(t)
	var buf bytes.Buffer
	if err := Write(&buf, MEDLINE, papers); err != nil {
		t.Fatal(err)
	}
	back := readBack(t, medline.NewReader(&buf, "export.nbib"))
	if len(back) != len(papers) {
		t.Fatalf("%d papers back, wrote %d", len(back), len(papers))
	}
	for i, p := range papers {
		if !reflect.DeepEqual(*p, back[i]) {
			t.Fatalf("paper %s changed in the round trip:\n before %+v\n after  %+v", p.PMID, *p, back[i])
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	papers := realPapers(t)
	var buf bytes.Buffer
	if err := Write(&buf, CSV, papers); err != nil {
		t.Fatal(err)
	}
	back := readBack(t, pubmedcsv.NewReader(&buf, "export.csv"))
	for i, p := range papers {
		b := back[i]
		got := []any{b.PMID, b.Title, b.Authors, b.Journal, b.Year, b.Month, b.Volume, b.Issue, b.Pages, b.DOI}
		want := []any{p.PMID, p.Title, p.Authors, p.Journal, p.Year, p.Month, p.Volume, p.Issue, p.Pages, p.DOI}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("paper %s: %v, want %v", p.PMID, got, want)
		}
	}
}

// parseRIS is an independent minimal RIS reader: records of "TG  - value"
// lines from TY to ER.
func parseRIS(t *testing.T, text string) []map[string][]string {
	t.Helper()
	var out []map[string][]string
	var cur map[string][]string
	line := regexp.MustCompile(`^([A-Z][A-Z0-9])  - ?(.*)$`)
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if l == "" {
			continue
		}
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a RIS line: %q", l)
		}
		switch m[1] {
		case "TY":
			cur = map[string][]string{}
		case "ER":
			out = append(out, cur)
			cur = nil
			continue
		}
		if cur == nil {
			t.Fatalf("%s outside a record", m[1])
		}
		cur[m[1]] = append(cur[m[1]], m[2])
	}
	return out
}

func TestRIS(t *testing.T) {
	papers := realPapers(t)
	var buf bytes.Buffer
	if err := Write(&buf, RIS, papers); err != nil {
		t.Fatal(err)
	}
	recs := parseRIS(t, buf.String())
	if len(recs) != len(papers) {
		t.Fatalf("%d RIS records for %d papers", len(recs), len(papers))
	}
	for i, p := range papers {
		r := recs[i]
		if r["AN"][0] != p.PMID || r["TI"][0] != p.Title || r["DO"][0] != p.DOI || len(r["AU"]) != len(p.Authors) || r["JO"][0] != p.Journal {
			t.Fatalf("RIS record %d does not match paper %s: %v", i, p.PMID, r)
		}
	}
}

// parseBibTeX is an independent minimal BibTeX reader: entries with
// brace-balanced field values.
func parseBibTeX(t *testing.T, text string) []map[string]string {
	t.Helper()
	var out []map[string]string
	for _, chunk := range strings.Split(text, "@article{")[1:] {
		key, body, ok := strings.Cut(chunk, ",\n")
		if !ok || strings.ContainsAny(key, " {}") {
			t.Fatalf("bad entry start %q", chunk[:min(40, len(chunk))])
		}
		entry := map[string]string{"_key": key}
		depth := 0
		for _, r := range body {
			switch r {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth < -1 {
				t.Fatalf("unbalanced braces in %s", key)
			}
		}
		if depth != -1 {
			t.Fatalf("unbalanced braces in %s (depth %d)", key, depth)
		}
		for _, l := range strings.Split(body, "\n") {
			if name, value, ok := strings.Cut(strings.TrimSpace(l), " = {"); ok {
				entry[name] = strings.TrimSuffix(value, "},")
			}
		}
		out = append(out, entry)
	}
	return out
}

func TestBibTeX(t *testing.T) {
	papers := realPapers(t)
	dup := *papers[0]
	papers = append(papers, &dup, &dup)
	var buf bytes.Buffer
	if err := Write(&buf, BibTeX, papers); err != nil {
		t.Fatal(err)
	}
	entries := parseBibTeX(t, buf.String())
	if len(entries) != len(papers) {
		t.Fatalf("%d entries for %d papers", len(entries), len(papers))
	}
	keys := map[string]bool{}
	for i, e := range entries {
		if keys[e["_key"]] {
			t.Fatalf("duplicate key %s", e["_key"])
		}
		keys[e["_key"]] = true
		if !regexp.MustCompile(`^[A-Za-z0-9]+$`).MatchString(e["_key"]) {
			t.Fatalf("key %q is not plain ASCII", e["_key"])
		}
		if e["pmid"] != papers[i].PMID {
			t.Fatalf("entry %d pmid %q, want %s", i, e["pmid"], papers[i].PMID)
		}
	}
	if got := texEscape(`50% of A&B_C {x} $5 #1 ~ ^ \`); got != `50\% of A\&B\_C \{x\} \$5 \#1 \textasciitilde{} \textasciicircum{} \textbackslash{}` {
		t.Fatalf("texEscape = %q", got)
	}
}

// TestGoldenBundled pins every format on the bundled papers, which have
// accents (Vañó-Galván), eleven authors, truncated author lists and missing
// fields.
func TestGoldenBundled(t *testing.T) {
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	// Four bundled papers, by PMID, so the golden files do not change each
	// time the corpus grows: the two seeds, eleven authors with accents and a
	// PMCID, and a truncated author list.
	var papers []*store.Paper
	for _, pmid := range []string{"37042112", "40488905", "34302903", "9050765"} {
		p, err := lib.Paper(pmid)
		if err != nil {
			t.Fatalf("bundled paper: %v", err)
		}
		papers = append(papers, p)
	}
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, f, papers); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, buf.Bytes())
		})
	}
}

func TestCitation(t *testing.T) {
	p := &store.Paper{PMID: "1", Title: "A title", Authors: []string{"A A", "B B", "C C", "D D", "E E", "F F", "G G"},
		Journal: "J Test", Year: 2020, Month: "Jan", Volume: "3", Issue: "2", Pages: "10-9", DOI: "10.1/x"}
	want := "A A, B B, C C, D D, E E, F F, et al. A title. J Test. 2020 Jan;3(2):10-9. doi: 10.1/x. PMID: 1."
	if got := Citation(p); got != want {
		t.Fatalf("Citation = %q\nwant %q", got, want)
	}
	if _, err := ParseFormat("docx"); err == nil {
		t.Fatal("unknown formats must be refused")
	}
}

// TestCitationOfAnIncompleteRecord: an imported record may lack a journal
// or a year; the citation leaves those parts out instead of printing "0"
// or "..".
func TestCitationOfAnIncompleteRecord(t *testing.T) {
	cases := []struct {
		name string
		p    store.Paper
		want string
	}{
		{"no journal, no year", store.Paper{PMID: "2004", Title: "A title", Authors: []string{"A A"}}, "A A. A title. PMID: 2004."},
		{"journal, no year", store.Paper{PMID: "2005", Title: "A title", Journal: "J Test"}, "A title. J Test. PMID: 2005."},
		{"no journal, volume", store.Paper{PMID: "2006", Title: "A title", Volume: "3", Pages: "1-2"}, "A title. 3:1-2. PMID: 2006."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Citation(&tc.p); got != tc.want {
				t.Fatalf("Citation = %q\nwant %q", got, tc.want)
			}
		})
	}
}
