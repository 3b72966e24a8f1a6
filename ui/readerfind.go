package ui

import (
	"strings"

	"github.com/follicle/follicle/index"
)

// findHit is one occurrence of the reader's find term: its line and its
// byte offset in the line's plain text.
type findHit struct{ line, start int }

// findSpans returns every occurrence of term in plain, ignoring case. A
// line whose lower-case form changes length (rare scripts) is not searched,
// since the offsets would not map back.
func findSpans(plain, term string) []index.Span {
	lower, needle := strings.ToLower(plain), strings.ToLower(term)
	if needle == "" || len(lower) != len(plain) {
		return nil
	}
	var spans []index.Span
	for at := 0; ; {
		i := strings.Index(lower[at:], needle)
		if i < 0 {
			return spans
		}
		spans = append(spans, index.Span{Start: at + i, End: at + i + len(needle)})
		at += i + len(needle)
	}
}

// currentStart is where the current match starts on line i, or -1 when it
// is on another line.
func (r reader) currentStart(i int) int {
	if r.match < 0 || r.match >= len(r.matches) || r.matches[r.match].line != i {
		return -1
	}
	return r.matches[r.match].start
}

// markFind re-renders a line from its plain text with every occurrence of
// the find term marked, the current one (starting at current, or -1) in its
// own style; lines without the term keep their styling.
func markFind(st Styles, plain, term, styled string, current int) string {
	spans := findSpans(plain, term)
	if len(spans) == 0 {
		return styled
	}
	var b strings.Builder
	at := 0
	for _, s := range spans {
		b.WriteString(st.Row.Render(plain[at:s.Start]))
		style := st.FindMatch
		if s.Start == current {
			style = st.FindCurrent
		}
		b.WriteString(style.Render(plain[s.Start:s.End]))
		at = s.End
	}
	b.WriteString(st.Row.Render(plain[at:]))
	return b.String()
}
