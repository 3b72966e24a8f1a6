package index

import (
	"sort"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/follicle/follicle/store"
)

// Span is a highlighted byte range [Start, End) of a field's text. It is a
// neutral description: the UI decides how it looks.
type Span struct {
	Start, End int
}

// paperSpans finds where a hit matched in its title and text: in the
// title field (a title: query), and in FieldText, whose first two pieces
// are the title and the text (see searchText).
func paperSpans(locs search.FieldTermLocationMap, p *store.Paper) (title, text []Span) {
	n, m := len(p.Title), len(p.Text())
	title = spansFor(locs, FieldTitle, n)
	textAt := n + len(textSeparator)
	for _, s := range spansFor(locs, FieldText, textAt+m) {
		switch {
		case s.End <= n:
			title = append(title, s)
		case s.Start >= textAt:
			text = append(text, Span{Start: s.Start - textAt, End: s.End - textAt})
		}
	}
	return MergeSpans(title), text
}

// spansFor turns Bleve term locations of one field into sorted, merged spans
// that lie inside a text of length n.
func spansFor(locs search.FieldTermLocationMap, field string, n int) []Span {
	terms := locs[field]
	if len(terms) == 0 {
		return nil
	}
	var spans []Span
	for _, ls := range terms {
		for _, l := range ls {
			s, e := int(l.Start), int(l.End)
			if s < 0 || e > n || s >= e {
				continue
			}
			spans = append(spans, Span{Start: s, End: e})
		}
	}
	return MergeSpans(spans)
}

// MergeSpans sorts spans and merges overlapping or touching ones.
func MergeSpans(spans []Span) []Span {
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := []Span{spans[0]}
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start <= last.End {
			last.End = max(last.End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Snippet returns a window of about width runes of text around its first
// highlighted span, on one line, with the spans shifted into the window.
// Ellipses mark cut ends. Without spans it returns the start of the text.
func Snippet(text string, spans []Span, width int) (string, []Span) {
	if width <= 0 || text == "" {
		return "", nil
	}
	start := 0
	if len(spans) > 0 {
		start = backToWordStart(text, spans[0].Start, width/4)
	}
	end := forwardRunes(text, start, width)
	out := flatten(text[start:end])
	prefix, suffix := "", ""
	if start > 0 {
		prefix = "…"
	}
	if end < len(text) {
		suffix = "…"
	}
	var shifted []Span
	for _, s := range spans {
		if s.Start < start || s.End > end {
			continue
		}
		shifted = append(shifted, Span{Start: s.Start - start + len(prefix), End: s.End - start + len(prefix)})
	}
	return prefix + out + suffix, shifted
}

// backToWordStart moves back from byte offset at by up to n runes and then
// forward to the start of a word, so a snippet never opens mid-word.
func backToWordStart(text string, at, n int) int {
	i := at
	for k := 0; k < n && i > 0; k++ {
		i--
		for i > 0 && !utf8RuneStart(text[i]) {
			i--
		}
	}
	if i == 0 {
		return 0
	}
	for i < at && text[i] != ' ' && text[i] != '\n' {
		i++
	}
	for i < at && (text[i] == ' ' || text[i] == '\n') {
		i++
	}
	return i
}

func forwardRunes(text string, from, n int) int {
	i := from
	for k := 0; k < n && i < len(text); k++ {
		i++
		for i < len(text) && !utf8RuneStart(text[i]) {
			i++
		}
	}
	return i
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// flatten replaces line breaks and tabs by spaces byte for byte, keeping
// span offsets valid.
func flatten(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' || c == '\t' {
			b[i] = ' '
		}
	}
	return string(b)
}
