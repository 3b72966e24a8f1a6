package store

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Minoxidil for alopecia", "Minoxidil for alopecia"},
		{"spaces folded", "  a \n\t b\r\nc  ", "a b c"},
		{"OSC title with BEL", "\x1b]0;pwned\x07Title", "Title"},
		{"OSC 52 clipboard with ST", "a\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x1b\\b", "ab"},
		{"OSC 8 link", "\x1b]8;;http://evil.example/\x1b\\CLICKME\x1b]8;;\x1b\\", "CLICKME"},
		{"CSI colour and clear", "\x1b[31mred\x1b[0m\x1b[2J\x1b[H", "red"},
		{"CSI with intermediates", "x\x1b[1 qy", "xy"},
		{"two-char escape", "a\x1bcb\x1b(Bc", "abc"},
		{"C1 CSI", "a\u009b31mb", "ab"},
		{"C1 OSC to C1 ST", "a\u009d0;title\u009cb", "ab"},
		{"C1 DCS", "a\u0090qpayload\x1b\\b", "ab"},
		{"unterminated OSC eats the rest", "ok\x1b]0;rest of it", "ok"},
		{"lone ESC at end", "ok\x1b", "ok"},
		{"NUL BEL BS DEL", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"bidi override and isolates", "safe\u202eexe.txt\u2066x\u2069\u200f", "safeexe.txtx"},
		{"invalid UTF-8", "a\xffb\x9b", "a\ufffdb\ufffd"},
		{"non-ASCII kept", "Müller naïve 毛髪", "Müller naïve 毛髪"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanText(tt.in)
			if got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := CleanText(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
			if !utf8.ValidString(got) {
				t.Errorf("invalid UTF-8 out: %q", got)
			}
		})
	}
}

func TestCleanRecordCoversEveryField(t *testing.T) {
	const bad = "\x1b]0;t\x07\u009b2J\u202e"
	rec := Record{
		Paper: Paper{PMID: "1" + bad, DOI: "10.1/x y" + bad, Title: "T" + bad, Authors: []string{"A" + bad, bad},
			Journal: "J" + bad, Month: "Jun" + bad, Volume: "1" + bad, Issue: "2" + bad, Pages: "3" + bad,
			PubTypes: []string{"P" + bad}, MeSH: []string{"M" + bad}, Keywords: []string{"K" + bad},
			Language: "eng" + bad, Digest: "D" + bad, Abstract: []Section{{Label: "L" + bad, Text: "X" + bad}, {Text: bad}},
			Conditions: []string{"c" + bad}, Drugs: []string{"d" + bad}, PMCID: "PMC1" + bad, Origin: "o" + bad},
		Annotations: []Annotation{{Type: "Chemical" + bad, Text: "t" + bad, IDs: []string{"D1" + bad}, Names: []string{"n" + bad}}},
		Headings:    []MeSHHeading{{UI: "D2" + bad, Name: "h" + bad, Qualifiers: []string{"q" + bad}}},
		Chemicals:   []Substance{{UI: "u" + bad, Name: "c" + bad}},
		Deleted:     []string{"9" + bad},
	}
	CleanRecord(&rec)
	s := strings.Join([]string{rec.Paper.PMID, rec.Paper.DOI, rec.Paper.Title, strings.Join(rec.Paper.Authors, "|"),
		rec.Paper.Journal, rec.Paper.Month, rec.Paper.Volume, rec.Paper.Issue, rec.Paper.Pages,
		strings.Join(rec.Paper.PubTypes, "|"), strings.Join(rec.Paper.MeSH, "|"), strings.Join(rec.Paper.Keywords, "|"),
		rec.Paper.Language, rec.Paper.Digest, rec.Paper.Abstract[0].Label, rec.Paper.Abstract[0].Text,
		strings.Join(rec.Paper.Conditions, "|"), strings.Join(rec.Paper.Drugs, "|"), rec.Paper.PMCID,
		rec.Paper.Origin, rec.Annotations[0].Type, rec.Annotations[0].Text, rec.Annotations[0].IDs[0], rec.Annotations[0].Names[0],
		rec.Headings[0].UI, rec.Headings[0].Name, rec.Headings[0].Qualifiers[0], rec.Chemicals[0].UI, rec.Chemicals[0].Name,
		rec.Deleted[0]}, "|")
	for _, r := range s {
		if isHiddenControl(r) {
			t.Fatalf("control %U left in %q", r, s)
		}
	}
	if strings.Contains(s, "2J") || strings.Contains(s, "0;t") {
		t.Errorf("escape payload left in %q", s)
	}
	if len(rec.Paper.Authors) != 1 || len(rec.Paper.Abstract) != 1 {
		t.Errorf("empty entries kept: authors %q, abstract %d sections", rec.Paper.Authors, len(rec.Paper.Abstract))
	}
	if rec.Paper.DOI != "10.1/xy" {
		t.Errorf("DOI = %q, want spaces removed", rec.Paper.DOI)
	}
}

func TestValidPMID(t *testing.T) {
	for in, want := range map[string]bool{"123": true, "": false, "12a": false, " 1": false, "\x1b]0;x\x071": false,
		"１２": false, strings.Repeat("9", 20): false} {
		if got := ValidPMID(in); got != want {
			t.Errorf("ValidPMID(%q) = %v, want %v", in, got, want)
		}
	}
}
