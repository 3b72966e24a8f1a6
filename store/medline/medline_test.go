package medline

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/storetest"
)

// readAll returns every good record and every error of a reader.
func readAll(t testing.TB, r store.RecordReader) ([]store.Record, []error) {
	return storetest.ReadAll(t, r)
}

const sample = "PMID- 111\r\n" +
	"TI  - A trial of something in\r\n" +
	"      alopecia areata.\r\n" +
	"AB  - BACKGROUND: Hair falls. METHODS: We gave a drug. RESULTS: Hair grew in 40%.\r\n" +
	"      CONCLUSIONS: It works.\r\n" +
	"FAU - King, Brett A\r\n" +
	"AU  - King BA\r\n" +
	"FAU - Lee, Ann\r\n" +
	"AU  - Lee A\r\n" +
	"LA  - eng\r\n" +
	"PT  - Journal Article\r\n" +
	"PT  - Randomized Controlled Trial\r\n" +
	"DP  - 2023 Jun 9\r\n" +
	"TA  - J Test\r\n" +
	"VI  - 19\r\n" +
	"IP  - 6\r\n" +
	"PG  - 565-573\r\n" +
	"LID - 10.1000/xyz [doi]\r\n" +
	"MH  - Alopecia Areata/*drug therapy\r\n" +
	"MH  - Humans\r\n" +
	"RN  - 0 (Janus Kinase Inhibitors)\r\n" +
	"OT  - JAK\r\n" +
	"\r\n" +
	"PMID- 222\r\n" +
	"TI  - Second.\r\n" +
	"DP  - 2019 Nov-Dec\r\n"

func TestReadSample(t *testing.T) {
	recs, errs := readAll(t, NewReader(strings.NewReader(sample), "sample.nbib"))
	if len(errs) != 0 || len(recs) != 2 {
		t.Fatalf("got %d records, errors %v", len(recs), errs)
	}
	p := recs[0].Paper
	want := store.Paper{
		PMID: "111", Title: "A trial of something in alopecia areata.", Authors: []string{"King BA", "Lee A"},
		Journal: "J Test", Year: 2023, Month: "Jun", Volume: "19", Issue: "6", Pages: "565-573", DOI: "10.1000/xyz",
		PubTypes: []string{"Journal Article", "Randomized Controlled Trial"}, MeSH: []string{"Alopecia Areata", "Humans"},
		Keywords: []string{"JAK"}, Language: "eng", Origin: store.OriginImported,
		Abstract: []store.Section{{Label: "BACKGROUND", Text: "Hair falls."}, {Label: "METHODS", Text: "We gave a drug."},
			{Label: "RESULTS", Text: "Hair grew in 40%."}, {Label: "CONCLUSIONS", Text: "It works."}},
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("paper:\n got %+v\nwant %+v", p, want)
	}
	if h := recs[0].Headings[0]; !h.Major || h.Qualifiers[0] != "drug therapy" {
		t.Fatalf("heading %+v", h)
	}
	if c := recs[0].Chemicals[0]; c.UI != "" || c.Name != "Janus Kinase Inhibitors" {
		t.Fatalf("chemical %+v", c)
	}
	if recs[1].Paper.Month != "Nov" || recs[1].Paper.Year != 2019 || recs[1].Line != 24 {
		t.Fatalf("second record %+v line %d", recs[1].Paper, recs[1].Line)
	}
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		name     string
		input    string
		good     int
		errParts []string
	}{
		{"line with no tag", "PMID- 1\nTI  - ok\n\nPMID- 2\ngarbage here\n\nPMID- 3\nTI  - fine\n", 2, []string{"line 5", "record 2, PMID 2", "no tag"}},
		{"record without PMID", "TI  - orphan\n\nPMID- 9\n", 1, []string{"record 1", "no PMID"}},
		{"empty input", "", 0, nil},
		{"only blank lines", "\n\n\r\n", 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs, errs := readAll(t, NewReader(strings.NewReader(c.input), "bad.txt"))
			if len(recs) != c.good {
				t.Fatalf("good records %d, want %d (errors %v)", len(recs), c.good, errs)
			}
			if c.errParts == nil {
				if len(errs) != 0 {
					t.Fatalf("unexpected errors %v", errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one", errs)
			}
			for _, part := range append(c.errParts, "medline: bad.txt") {
				if !strings.Contains(errs[0].Error(), part) {
					t.Fatalf("error %q lacks %q", errs[0], part)
				}
			}
		})
	}
}

func TestRealFiles(t *testing.T) {
	cases := []struct {
		path  []string
		count int
		pmid  string
		check func(t *testing.T, p store.Paper)
	}{
		{[]string{"medline", "reflib_blue-light-acne.nbib"}, 80, "", nil},
		{[]string{"medline", "jzsh2000_mesh-papers.medline.txt"}, 284, "", nil},
		{[]string{"medline", "biopython_pubmed_result1.txt"}, 1, "", nil},
		{[]string{"medline", "biopython_pubmed_result2.txt"}, 4, "", nil},
		{[]string{"medline", "biopython_pubmed_result3.txt"}, 1, "", nil},
		{[]string{"medline", "biopython_pubmed_result4.txt"}, 1, "", nil},
		{[]string{"pubmed-formats", "pmid20000000", "20000000.medline"}, 1, "20000000", func(t *testing.T, p store.Paper) {
			if p.Year != 2009 || p.Volume != "21" || p.Issue != "10" || p.Pages != "1438-45" || p.Journal != "J Environ Sci (China)" {
				t.Errorf("citation of 20000000: %+v", p)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.path[len(c.path)-1], func(t *testing.T) {
			f, err := os.Open(testdata.Path(t, c.path...))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			recs, errs := readAll(t, NewReader(f, c.path[len(c.path)-1]))
			if len(errs) != 0 || len(recs) != c.count {
				t.Fatalf("%d records (want %d), errors %v", len(recs), c.count, errs)
			}
			for _, r := range recs {
				if r.Paper.PMID == "" || r.Paper.Title == "" && len(r.Paper.Abstract) == 0 {
					t.Fatalf("empty record %+v", r.Paper)
				}
				if strings.ContainsAny(r.Paper.Title, "\r\x1b") {
					t.Fatalf("control characters kept in %q", r.Paper.Title)
				}
			}
			if c.check != nil {
				for _, r := range recs {
					if r.Paper.PMID == c.pmid {
						c.check(t, r.Paper)
					}
				}
			}
		})
	}
}

// TestNonNumericPMID: a PMID that is not digits is refused with a clean,
// one-line error that does not repeat the hostile value raw.
func TestNonNumericPMID(t *testing.T) {
	for _, pmid := range []string{"abc", "12a", "77\x1b]0;PWNED\x07\x1b[2J", "1\u009d0;x\u009c", "１２３"} {
		r := NewReader(strings.NewReader("PMID- "+pmid+"\nTI  - A title\n\nPMID- 5\nTI  - Next\n"), "f.nbib")
		_, err := r.Next()
		if err == nil {
			t.Fatalf("PMID %q accepted", pmid)
		}
		msg := err.Error()
		if strings.ContainsAny(msg, "\x1b\x07\n\u009d\u009c") || strings.Contains(msg, "PWNED") {
			t.Errorf("error carries the hostile value: %q", msg)
		}
		if !strings.Contains(msg, "not a PubMed ID") || !strings.Contains(msg, "f.nbib") {
			t.Errorf("error should name the file and the problem: %q", msg)
		}
		if rec, err := r.Next(); err != nil || rec.Paper.PMID != "5" {
			t.Errorf("the next record should still be read: %+v %v", rec.Paper, err)
		}
	}
}
