package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/medline"
)

// digestPaper is a bundled paper: its digest is Follicle's, not the
// authors' abstract.
func digestPaper() *store.Paper {
	return &store.Paper{PMID: "123", PMCID: "PMC456", DOI: "10.1/x", Title: "A trial", Authors: []string{"Roe J"},
		Journal: "J Test", Year: 2020, Digest: "Our own words about the trial.", Origin: store.OriginBundled}
}

// TestDigestNeverAnAbstract: in every format the digest travels under its
// label in a note field and no abstract field holds it.
func TestDigestNeverAnAbstract(t *testing.T) {
	labelled := SummaryLabel + ": Our own words about the trial."
	for _, tc := range []struct {
		format    Format
		want, not []string
	}{
		{RIS, []string{"N1  - " + labelled, "UR  - https://pubmed.ncbi.nlm.nih.gov/123/"}, []string{"AB  -"}},
		{MEDLINE, []string{"GN  - " + SummaryLabel, "PMC - PMC456"}, []string{"AB  -"}},
		{BibTeX, []string{"annote = {" + labelled + "}", "pmcid = {PMC456}"}, []string{"abstract = {", "  note = {"}},
		{Markdown, []string{"*" + SummaryLabel + ":* Our own words about the trial.", "(<https://pmc.ncbi.nlm.nih.gov/articles/PMC456/>)",
			"(<https://doi.org/10.1/x>)"}, []string{"Abstract:"}},
		{Vancouver, []string{"Roe J. A trial. J Test. 2020. doi: 10.1/x. PMID: 123."}, []string{"Our own words"}},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tc.format, []*store.Paper{digestPaper()}); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("%s lacks %q:\n%s", tc.format, w, buf.String())
				}
			}
			for _, n := range tc.not {
				if strings.Contains(buf.String(), n) {
					t.Errorf("%s has %q:\n%s", tc.format, n, buf.String())
				}
			}
		})
	}
}

// TestMEDLINEDigestDoesNotComeBackAsAbstract: importing an export of a
// bundled paper gives no abstract the authors did not write.
func TestMEDLINEDigestDoesNotComeBackAsAbstract(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, MEDLINE, []*store.Paper{digestPaper()}); err != nil {
		t.Fatal(err)
	}
	back := readBack(t, medline.NewReader(&buf, "export.nbib"))
	if len(back) != 1 || back[0].PMID != "123" || back[0].Title != "A trial" {
		t.Fatalf("read back %+v", back)
	}
	if len(back[0].Abstract) != 0 || back[0].Digest != "" {
		t.Fatalf("the digest came back as text: %+v", back[0])
	}
}

// TestCSVColumns: the digest, tags and note have their own named columns.
func TestCSVColumns(t *testing.T) {
	var buf bytes.Buffer
	items := []Item{{Paper: digestPaper(), Tags: []string{"exam", "jak"}, Note: "Ask about\ndosing"}}
	if err := WriteItems(&buf, CSV, items); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	got := map[string]string{}
	for i, h := range rows[0] {
		got[h] = rows[1][i]
	}
	for col, want := range map[string]string{SummaryLabel: "Our own words about the trial.", "Your Tags": "exam, jak",
		"Your Note": "Ask about\ndosing", "PMCID": "PMC456", "Publication Year": "2020"} {
		if got[col] != want {
			t.Errorf("column %q = %q, want %q", col, got[col], want)
		}
	}
}

// TestTagsAndNotesTravel: each format carries the user's tags and note
// where citation managers read them.
func TestTagsAndNotesTravel(t *testing.T) {
	p := digestPaper()
	p.Keywords = []string{"alopecia"}
	items := []Item{{Paper: p, Tags: []string{"exam", "to-read"}, Note: "Compare with BRAVE-AA.\n# not a heading"}}
	for _, tc := range []struct {
		format Format
		want   []string
	}{
		{RIS, []string{"KW  - alopecia\r\nKW  - exam\r\nKW  - to-read", "N1  - Note: Compare with BRAVE-AA. # not a heading"}},
		{BibTeX, []string{"keywords = {alopecia, exam, to-read}", "annote = {Note: Compare with BRAVE-AA. \\# not a heading -- " + SummaryLabel}},
		{Markdown, []string{"**Tags:** `exam` `to-read`", "> Compare with BRAVE-AA.\n> \\# not a heading\n"}},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteItems(&buf, tc.format, items); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("%s lacks %q:\n%s", tc.format, w, buf.String())
				}
			}
		})
	}
}

// TestMarkdownEscapesUntrustedText: a title or note cannot become a link,
// an HTML tag or a heading in the rendered sheet.
func TestMarkdownEscapesUntrustedText(t *testing.T) {
	p := &store.Paper{PMID: "7", Title: "[click](javascript:alert(1)) <b>x</b> *bold*"}
	var buf bytes.Buffer
	if err := WriteItems(&buf, Markdown, []Item{{Paper: p, Note: "1. first\n- item\n> quote\n\x1b[31mred"}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{`\[click\](javascript:alert(1)) \<b\>x\</b\> \*bold\*`, "> 1\\. first\n", "> \\- item\n", "> \\> quote\n", "> \\[31mred\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("sheet lacks %q:\n%s", w, out)
		}
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Error("control characters must not reach the sheet")
	}
}

// TestNoYearShowsNoZero: an imported paper without a year shows no "0"
// and no empty punctuation in any format.
func TestNoYearShowsNoZero(t *testing.T) {
	p := &store.Paper{PMID: "2004", Title: "Undated paper", Authors: []string{"Doe J"}}
	for _, f := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, f, []*store.Paper{p}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, bad := range []string{" 0", "0,", "{0}", "Doe0", "..", ". .", "PY  -"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s shows %q:\n%s", f, bad, out)
			}
		}
	}
	if got := Citation(p); got != "Doe J. Undated paper. PMID: 2004." {
		t.Errorf("Citation = %q", got)
	}
}
