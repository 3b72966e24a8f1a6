package export

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// writeRIS writes RIS records (TY JOUR … ER) that citation managers import.
// AB holds only the authors' abstract; the digest and the user's note are
// N1 notes, the user's tags more KW keywords.
func writeRIS(w io.Writer, items []Item) error {
	ew := &errWriter{w: w}
	for _, it := range items {
		p := it.Paper
		tag := func(t, v string) {
			if v = oneLine(v); v != "" {
				ew.printf("%s  - %s\r\n", t, v)
			}
		}
		tag("TY", "JOUR")
		for _, a := range p.Authors {
			last, initials := splitAuthor(a)
			if initials == "" {
				tag("AU", last)
			} else {
				tag("AU", last+", "+initials)
			}
		}
		tag("TI", p.Title)
		tag("JO", p.Journal)
		tag("T2", p.Journal)
		if p.Year > 0 {
			tag("PY", fmt.Sprint(p.Year))
			tag("DA", strings.TrimSuffix(fmt.Sprintf("%d/%s", p.Year, monthNumber(p.Month)), "/"))
		}
		tag("VL", p.Volume)
		tag("IS", p.Issue)
		first, last := startEnd(p.Pages)
		tag("SP", first)
		tag("EP", last)
		tag("DO", p.DOI)
		tag("AN", p.PMID)
		tag("UR", PubMedURL(p))
		tag("AB", authorsAbstract(p))
		tag("N1", summaryNote(p))
		if it.Note != "" {
			tag("N1", "Note: "+it.Note)
		}
		for _, k := range append(slices.Clone(p.Keywords), it.Tags...) {
			tag("KW", k)
		}
		tag("LA", p.Language)
		ew.printf("ER  - \r\n\r\n")
	}
	return ew.err
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func monthNumber(m string) string {
	for i, name := range []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
		if m == name {
			return fmt.Sprintf("%02d", i+1)
		}
	}
	return ""
}
