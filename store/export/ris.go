package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// writeRIS writes RIS records (TY JOUR … ER) that citation managers import.
func writeRIS(w io.Writer, papers []*store.Paper) error {
	ew := &errWriter{w: w}
	for _, p := range papers {
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
		tag("UR", "https://pubmed.ncbi.nlm.nih.gov/"+p.PMID+"/")
		tag("AB", p.Text())
		for _, k := range p.Keywords {
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
