package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/pubmedcsv"
)

// TestCSVNeutralizesFormulas writes cells that start a spreadsheet formula
// (OWASP's list: = + - @ tab CR) and checks each is written with a leading
// apostrophe and reads back unchanged.
func TestCSVNeutralizesFormulas(t *testing.T) {
	titles := []string{`=HYPERLINK("http://formula.test/","x")`, "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "plain = title"}
	var papers []*store.Paper
	for i, title := range titles {
		papers = append(papers, &store.Paper{PMID: string(rune('1' + i)), Title: title, Authors: []string{"@Evil A"}, Journal: "-J", Year: 2020})
	}
	var buf bytes.Buffer
	if err := Write(&buf, CSV, papers); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune(FormulaStarts, rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
	back := readBack(t, pubmedcsv.NewReader(&buf, "export.csv"))
	if len(back) != len(titles) {
		t.Fatalf("read back %d papers, want %d", len(back), len(titles))
	}
	for i, p := range back {
		if p.Title != titles[i] || p.Authors[0] != "@Evil A" || p.Journal != "-J" {
			t.Errorf("paper %d read back as %q %q %q", i, p.Title, p.Authors, p.Journal)
		}
	}
}
