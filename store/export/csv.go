package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// csvHeader is PubMed's "Save → CSV" header, so the file reads back and
// opens like a PubMed export, then Follicle's own columns: the digest under
// its label (never as an abstract), the user's tags and note.
var csvHeader = []string{"PMID", "Title", "Authors", "Citation", "First Author", "Journal/Book", "Publication Year", "Create Date", "PMCID", "NIHMS ID", "DOI",
	SummaryLabel, "Your Tags", "Your Note"}

func writeCSV(w io.Writer, items []Item) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, it := range items {
		p := it.Paper
		year := ""
		if p.Year > 0 {
			year = fmt.Sprint(p.Year)
		}
		authors := strings.Join(p.Authors, ", ")
		if authors != "" {
			authors += "."
		}
		row := []string{p.PMID, p.Title, authors, JournalCitation(p), p.FirstAuthor(), p.Journal, year, "", p.PMCID, "", p.DOI,
			strings.TrimSpace(p.Digest), strings.Join(it.Tags, ", "), it.Note}
		for i := range row {
			row[i] = NeutralizeCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// NeutralizeCell keeps a spreadsheet from running a cell as a formula, as
// OWASP recommends against CSV injection: a cell that starts with = + - @,
// a tab or a carriage return gets a leading apostrophe, which spreadsheets
// show as text and the PubMed CSV reader removes again.
func NeutralizeCell(s string) string {
	if s != "" && strings.IndexByte(FormulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// FormulaStarts are the first characters that make a spreadsheet read a
// cell as a formula.
const FormulaStarts = "=+-@\t\r"

// JournalCitation is "Journal. Year Mon;Vol(Issue):Pages." in NLM style.
// The parts a paper lacks (an imported record may have no journal or year)
// are left out with their punctuation, never printed as "0" or "..".
func JournalCitation(p *store.Paper) string {
	var b strings.Builder
	if p.Year > 0 {
		fmt.Fprintf(&b, " %d", p.Year)
		if p.Month != "" {
			b.WriteString(" " + p.Month)
		}
	}
	if p.Volume != "" {
		b.WriteString(";" + p.Volume)
	}
	if p.Issue != "" {
		b.WriteString("(" + p.Issue + ")")
	}
	if p.Pages != "" {
		b.WriteString(":" + p.Pages)
	}
	tail := b.String()
	switch {
	case p.Journal != "" && tail == "":
		return p.Journal + "."
	case p.Journal != "":
		return p.Journal + "." + tail + "."
	}
	if tail = strings.TrimLeft(tail, " ;"); tail == "" {
		return ""
	}
	return tail + "."
}
