package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/follicle/follicle/index"
)

// renderSpans styles text with base, and the byte ranges in spans with hl.
// Each piece is sanitized after splitting, so the spans' offsets into the
// original text stay valid.
func renderSpans(text string, spans []index.Span, base, hl lipgloss.Style) string {
	var b strings.Builder
	at := 0
	for _, s := range spans {
		if s.Start < at || s.End > len(text) || s.Start >= s.End {
			continue
		}
		if s.Start > at {
			b.WriteString(base.Render(sanitize(text[at:s.Start])))
		}
		b.WriteString(hl.Render(sanitize(text[s.Start:s.End])))
		at = s.End
	}
	if at < len(text) {
		b.WriteString(base.Render(sanitize(text[at:])))
	}
	return b.String()
}
