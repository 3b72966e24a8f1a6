package export

import (
	"io"
	"strings"
)

// writeMarkdown writes a study sheet: per paper its title, Vancouver
// citation, canonical links, the user's tags and note, and the digest under
// its label. Text from papers and users is escaped, so a title or a note
// cannot turn into a heading, a link or a table in the rendered sheet.
func writeMarkdown(w io.Writer, items []Item) error {
	ew := &errWriter{w: w}
	ew.printf("# Study sheet\n\n%d %s\n", len(items), plural(len(items), "paper", "papers"))
	for i, it := range items {
		p := it.Paper
		title := oneLine(p.Title)
		if title == "" {
			title = "PMID " + p.PMID
		}
		ew.printf("\n## %d. %s\n\n", i+1, mdEscape(title))
		ew.printf("%s\n\n", mdEscape(Citation(p)))
		var links []string
		for _, l := range []struct{ name, url string }{{"PubMed", PubMedURL(p)}, {"PMC", PMCURL(p)}, {"DOI", DOIURL(p)}} {
			if l.url != "" {
				links = append(links, "["+l.name+"](<"+l.url+">)")
			}
		}
		if len(links) > 0 {
			ew.printf("%s\n\n", strings.Join(links, " · "))
		}
		if len(it.Tags) > 0 {
			tags := make([]string, len(it.Tags))
			for j, t := range it.Tags {
				tags[j] = "`" + strings.ReplaceAll(oneLine(t), "`", "'") + "`"
			}
			ew.printf("**Tags:** %s\n\n", strings.Join(tags, " "))
		}
		if note := strings.TrimSpace(it.Note); note != "" {
			ew.printf("**Your note:**\n\n")
			for _, l := range strings.Split(note, "\n") {
				ew.printf("> %s\n", mdLine(strings.TrimRight(l, " \t\r")))
			}
			ew.printf("\n")
		}
		if d := oneLine(p.Digest); d != "" {
			ew.printf("*%s:* %s\n", SummaryLabel, mdEscape(d))
		}
	}
	return ew.err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// mdEscape backslash-escapes the characters Markdown (CommonMark and GitHub
// tables) gives a meaning to inside a line, and drops control characters.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			continue
		case strings.ContainsRune("\\`*_[]<>|~&", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdLine escapes a line of its own: also what would start a heading, a
// list or a quote ("# x", "- x", "1. x", "> x").
func mdLine(s string) string {
	s = mdEscape(s)
	t := strings.TrimLeft(s, " ")
	digits := strings.TrimLeft(t, "0123456789")
	switch {
	case t == "":
		return s
	case strings.ContainsRune("#-+=", rune(t[0])):
		return `\` + t
	case len(digits) < len(t) && len(digits) > 0 && (digits[0] == '.' || digits[0] == ')'):
		n := len(t) - len(digits)
		return t[:n] + `\` + t[n:]
	}
	return t
}
