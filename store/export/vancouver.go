package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// vancouverAuthors is how many authors Vancouver style lists before
// "et al.".
const vancouverAuthors = 6

// writeVancouver writes one numbered Vancouver/NLM reference per paper.
func writeVancouver(w io.Writer, papers []*store.Paper) error {
	ew := &errWriter{w: w}
	for i, p := range papers {
		ew.printf("%d. %s\n", i+1, Citation(p))
	}
	return ew.err
}

// Citation formats one paper in Vancouver/NLM style: authors (six, then
// et al.), title, journal, date;volume(issue):pages, DOI and PMID.
func Citation(p *store.Paper) string {
	var parts []string
	if a := vancouverAuthorList(p); a != "" {
		parts = append(parts, a+".")
	}
	title := oneLine(p.Title)
	if title != "" && !strings.HasSuffix(title, ".") && !strings.HasSuffix(title, "?") {
		title += "."
	}
	parts = append(parts, title)
	if j := JournalCitation(p); j != "" {
		parts = append(parts, j)
	}
	if p.DOI != "" {
		parts = append(parts, "doi: "+p.DOI+".")
	}
	parts = append(parts, fmt.Sprintf("PMID: %s.", p.PMID))
	return strings.Join(parts, " ")
}

func vancouverAuthorList(p *store.Paper) string {
	authors := p.Authors
	etAl := p.EtAl
	if len(authors) > vancouverAuthors {
		authors, etAl = authors[:vancouverAuthors], true
	}
	s := strings.Join(authors, ", ")
	if etAl && s != "" {
		s += ", et al"
	}
	return s
}
