package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// csvHeader is PubMed's "Save → CSV" header, so the file reads back and
// opens like a PubMed export.
var csvHeader = []string{"PMID", "Title", "Authors", "Citation", "First Author", "Journal/Book", "Publication Year", "Create Date", "PMCID", "NIHMS ID", "DOI"}

func writeCSV(w io.Writer, papers []*store.Paper) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, p := range papers {
		year := ""
		if p.Year > 0 {
			year = fmt.Sprint(p.Year)
		}
		authors := strings.Join(p.Authors, ", ")
		if authors != "" {
			authors += "."
		}
		row := []string{p.PMID, p.Title, authors, JournalCitation(p), p.FirstAuthor(), p.Journal, year, "", "", "", p.DOI}
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
func JournalCitation(p *store.Paper) string {
	var b strings.Builder
	b.WriteString(p.Journal + ".")
	if p.Year > 0 {
		fmt.Fprintf(&b, " %d", p.Year)
	}
	if p.Month != "" {
		b.WriteString(" " + p.Month)
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
	b.WriteString(".")
	return b.String()
}
