package export

import (
	"fmt"
	"io"
	"strings"
)

// medlineWidth is where MEDLINE text wraps onto continuation lines.
const medlineWidth = 82

// writeMEDLINE writes MEDLINE tagged text that Follicle's importer (and
// citation managers) read back. AB holds only the authors' abstract; a
// bundled paper's digest goes in GN (general note) under its label, which
// the importer does not read as text. The user's tags and note are not
// written: MEDLINE has no field for them.
func writeMEDLINE(w io.Writer, items []Item) error {
	ew := &errWriter{w: w}
	for i, it := range items {
		p := it.Paper
		if i > 0 {
			ew.printf("\n")
		}
		tag := func(t, v string) {
			if v = oneLine(v); v != "" {
				ew.printf("%s", medlineField(t, v))
			}
		}
		tag("PMID", p.PMID)
		tag("TI", p.Title)
		tag("AB", authorsAbstract(p))
		for _, a := range p.Authors {
			tag("AU", a)
		}
		tag("LA", p.Language)
		for _, t := range p.PubTypes {
			tag("PT", t)
		}
		date := ""
		if p.Year > 0 {
			date = strings.TrimSpace(fmt.Sprintf("%d %s", p.Year, p.Month))
		}
		tag("DP", date)
		tag("TA", p.Journal)
		tag("VI", p.Volume)
		tag("IP", p.Issue)
		tag("PG", p.Pages)
		if p.DOI != "" {
			tag("LID", p.DOI+" [doi]")
		}
		tag("PMC", p.PMCID)
		for _, m := range p.MeSH {
			tag("MH", m)
		}
		for _, k := range p.Keywords {
			tag("OT", k)
		}
		tag("GN", summaryNote(p))
	}
	return ew.err
}

// medlineField renders one tag, wrapping long values onto six-space
// continuation lines at word boundaries.
func medlineField(tag, value string) string {
	var b strings.Builder
	prefix := fmt.Sprintf("%-4s- ", tag)
	line := prefix
	for i, word := range strings.Fields(value) {
		if i > 0 && len(line)+1+len(word) > medlineWidth {
			b.WriteString(line + "\n")
			line = "      " + word
			continue
		}
		if i > 0 {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
	return b.String()
}
