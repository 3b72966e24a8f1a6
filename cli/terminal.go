package cli

import (
	"github.com/follicle/follicle/store"
)

// Text leaves this program for a terminal (stdout, stderr) in the command
// files; every string that came from a file, a server or a user goes
// through one of these on the way out, even though the readers clean what
// they import: a library written by an older version, or an error that
// quotes its input, may still carry an escape sequence.

// safePaper returns a cleaned copy of p for printing or exporting; p itself
// (shared with the index's cache) is not touched.
func safePaper(p *store.Paper) *store.Paper {
	c := *p
	c.Authors = append([]string(nil), p.Authors...)
	c.PubTypes = append([]string(nil), p.PubTypes...)
	c.MeSH = append([]string(nil), p.MeSH...)
	c.Keywords = append([]string(nil), p.Keywords...)
	c.Conditions = append([]string(nil), p.Conditions...)
	c.Drugs = append([]string(nil), p.Drugs...)
	c.Abstract = append([]store.Section(nil), p.Abstract...)
	store.CleanPaper(&c)
	return &c
}

// safePapers cleans a list of papers for output.
func safePapers(papers []*store.Paper) []*store.Paper {
	out := make([]*store.Paper, len(papers))
	for i, p := range papers {
		out[i] = safePaper(p)
	}
	return out
}

// safeLines makes a message safe for a terminal and keeps its line breaks.
func safeLines(s string) string { return store.StripTerminal(s) }

// safeLine makes a value safe for one line of a terminal.
func safeLine(s string) string { return store.CleanText(s) }
