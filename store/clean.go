package store

import (
	"fmt"
	"strings"
)

// CleanText makes text from outside safe to keep and to show: a terminal
// escape sequence (ESC or C1 introduced: CSI, OSC, DCS, APC, PM, SOS) is
// removed with its parameters and payload, so "\x1b]0;title\x07" leaves
// nothing behind; every other C0 or C1 control character, DEL, and the
// bidirectional overrides, embeddings, isolates and marks that can make a
// line read other than it is, are removed; runs of white space (line breaks
// included) fold into single spaces. Every export format can then write the
// text back unchanged. Paragraphs live in separate abstract sections.
func CleanText(s string) string {
	if s == "" || isCleanLine(s) {
		return s
	}
	return strings.Join(strings.Fields(stripTerminal(s, false)), " ")
}

// StripTerminal removes what CleanText removes (escape sequences whole,
// control and bidi characters) but keeps line feeds and every space, and
// turns tabs into spaces: for text shown in lines, such as a note.
func StripTerminal(s string) string { return stripTerminal(s, true) }

func stripTerminal(s string, keepLines bool) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b:
			i = skipEscape(rs, i)
		case r == 0x9b:
			i = skipCSI(rs, i+1)
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f:
			i = skipString(rs, i+1)
		case r == '\n' && keepLines:
			b.WriteByte('\n')
		case r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case isHiddenControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isCleanLine reports whether s needs no change: no control or bidi
// character and no run of white space to fold. The common case allocates
// nothing.
func isCleanLine(s string) bool {
	prevSpace := true
	for _, r := range s {
		if r < 0x20 || isHiddenControl(r) || r == 0xfffd {
			return false
		}
		space := r == ' ' || r == 0x85 || r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) ||
			r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000
		if space && (prevSpace || r != ' ') {
			return false
		}
		prevSpace = space
	}
	return !prevSpace
}

// isHiddenControl reports a character that must never reach a terminal or
// a stored field: C0, DEL, C1, and the bidirectional formatting characters
// (LRM, RLM, ALM, embeddings and overrides U+202A–U+202E, isolates
// U+2066–U+2069).
func isHiddenControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x200e || r == 0x200f || r == 0x061c ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// skipEscape returns the index of the last rune of the escape sequence that
// starts with ESC at rs[i].
func skipEscape(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return i
	}
	switch rs[i+1] {
	case '[':
		return skipCSI(rs, i+2)
	case ']', 'P', 'X', '^', '_':
		return skipString(rs, i+2)
	}
	j := i + 1
	for j < len(rs) && rs[j] >= 0x20 && rs[j] <= 0x2f { // intermediate bytes
		j++
	}
	if j < len(rs) && rs[j] >= 0x30 && rs[j] <= 0x7e { // the final byte
		return j
	}
	return j - 1
}

// skipCSI skips a control sequence's parameters and intermediates from
// rs[i] and returns the index of its final byte (or of the rune before the
// first one that cannot belong to it).
func skipCSI(rs []rune, i int) int {
	for ; i < len(rs); i++ {
		switch r := rs[i]; {
		case r >= 0x20 && r <= 0x3f:
		case r >= 0x40 && r <= 0x7e:
			return i
		default:
			return i - 1
		}
	}
	return len(rs) - 1
}

// skipString skips a control string (OSC, DCS, …) from rs[i] up to and
// including its terminator: BEL, ST (ESC \ or U+009C). An unterminated
// string runs to the end of the text, as a terminal would read it.
func skipString(rs []rune, i int) int {
	for ; i < len(rs); i++ {
		switch rs[i] {
		case 0x07, 0x9c:
			return i
		case 0x1b:
			if i+1 < len(rs) && rs[i+1] == '\\' {
				return i + 1
			}
			return i
		}
	}
	return len(rs) - 1
}

// ValidPMID reports whether s is a PubMed ID: ASCII digits only, at most 19
// of them (PMIDs have 8 today).
func ValidPMID(s string) bool {
	if s == "" || len(s) > 19 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// QuoteID shows an identifier that failed validation in an error message:
// cleaned, clipped, quoted, so a hostile value cannot act in the terminal
// that prints the error; when cleaning removed something it says so, since
// "77" alone would look like a valid PMID.
func QuoteID(s string) string {
	clean := CleanText(s)
	changed := clean != strings.TrimSpace(s)
	if r := []rune(clean); len(r) > 40 {
		clean = string(r[:40]) + "…"
	}
	if changed {
		return fmt.Sprintf("%q (with control characters)", clean)
	}
	return fmt.Sprintf("%q", clean)
}

// CleanPaper cleans every text field of a paper, so no reader can leave
// one out; empty list entries are dropped.
func CleanPaper(p *Paper) {
	for _, f := range []*string{&p.PMID, &p.DOI, &p.Title, &p.Journal, &p.Month, &p.Volume, &p.Issue,
		&p.Pages, &p.Language, &p.Digest, &p.Origin, &p.PMCID} {
		*f = CleanText(*f)
	}
	p.DOI = strings.ReplaceAll(p.DOI, " ", "")
	for _, l := range []*[]string{&p.Authors, &p.PubTypes, &p.MeSH, &p.Keywords, &p.Conditions, &p.Drugs} {
		*l = cleanList(*l)
	}
	sections := p.Abstract[:0]
	for _, s := range p.Abstract {
		s.Label, s.Text = CleanText(s.Label), CleanText(s.Text)
		if s.Text != "" || s.Label != "" {
			sections = append(sections, s)
		}
	}
	if len(sections) == 0 {
		sections = nil
	}
	p.Abstract = sections
}

// CleanRecord cleans every text field of a record: its paper, annotations,
// MeSH headings, chemicals and deletions. Every reader calls it last.
func CleanRecord(r *Record) {
	CleanPaper(&r.Paper)
	for i := range r.Annotations {
		a := &r.Annotations[i]
		a.Type, a.Text = CleanText(a.Type), CleanText(a.Text)
		a.IDs, a.Names = cleanKeep(a.IDs), cleanKeep(a.Names)
	}
	for i := range r.Headings {
		h := &r.Headings[i]
		h.UI, h.Name = CleanText(h.UI), CleanText(h.Name)
		h.Qualifiers = cleanList(h.Qualifiers)
	}
	for i := range r.Chemicals {
		r.Chemicals[i].UI, r.Chemicals[i].Name = CleanText(r.Chemicals[i].UI), CleanText(r.Chemicals[i].Name)
	}
	r.Deleted = cleanList(r.Deleted)
}

func cleanList(l []string) []string {
	out := l[:0]
	for _, v := range l {
		if v = CleanText(v); v != "" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// cleanKeep cleans in place and keeps empty entries: a composite mention's
// names are aligned with its IDs, so entries are never dropped.
func cleanKeep(l []string) []string {
	for i := range l {
		l[i] = CleanText(l[i])
	}
	return l
}
