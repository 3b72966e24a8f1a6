package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// styledSpan is a byte range to draw in its own style.
type styledSpan struct {
	index.Span
	style lipgloss.Style
}

// mentionSpans splits the paper's mentions into title and text spans,
// styled by the kind of entity they name.
func mentionSpans(st Styles, lib *store.Library, p *store.Paper) (title, text []styledSpan) {
	ms := append([]store.Mention(nil), p.Mentions...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	for _, m := range ms {
		style := st.MentionDrug
		if e, ok := lib.Entity(m.ID); ok && e.Kind == store.KindCondition {
			style = st.MentionCondition
		}
		switch n := len(p.Title); {
		case m.End <= n:
			title = append(title, styledSpan{index.Span{Start: m.Start, End: m.End}, style})
		case m.Start > n:
			text = append(text, styledSpan{index.Span{Start: m.Start - n - 1, End: m.End - n - 1}, style})
		}
	}
	return title, text
}

// matchedLine lists the distinct names found for each entity:
// "AA, alopecia areata → Alopecia Areata; minoxidil → Minoxidil".
func matchedLine(lib *store.Library, p *store.Paper) string {
	text := p.LinkedText()
	names := map[string][]string{}
	var order []string
	for _, m := range p.Mentions {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			continue
		}
		found := text[m.Start:m.End]
		if _, ok := names[m.ID]; !ok {
			order = append(order, m.ID)
		}
		dup := false
		for _, n := range names[m.ID] {
			dup = dup || strings.EqualFold(n, found)
		}
		if !dup {
			names[m.ID] = append(names[m.ID], found)
		}
	}
	var parts []string
	for _, id := range order {
		name := id
		if e, ok := lib.Entity(id); ok {
			name = e.Name
		}
		parts = append(parts, fmt.Sprintf("%s → %s", strings.Join(names[id], ", "), name))
	}
	return strings.Join(parts, "; ")
}

// renderStyled styles text with base, and each span with its own style.
func renderStyled(text string, spans []styledSpan, base lipgloss.Style) string {
	var b strings.Builder
	at := 0
	for _, s := range spans {
		if s.Start < at || s.End > len(text) || s.Start >= s.End {
			continue
		}
		if s.Start > at {
			b.WriteString(base.Render(sanitize(text[at:s.Start])))
		}
		b.WriteString(s.style.Render(sanitize(text[s.Start:s.End])))
		at = s.End
	}
	if at < len(text) {
		b.WriteString(base.Render(sanitize(text[at:])))
	}
	return b.String()
}

// queryStyled gives the query's spans the one style they are drawn in.
func queryStyled(spans []index.Span, style lipgloss.Style) []styledSpan {
	out := make([]styledSpan, len(spans))
	for i, s := range spans {
		out[i] = styledSpan{s, style}
	}
	return out
}

// textLines renders the paper's text paragraph by paragraph. Text() joins
// the digest and the abstract sections with blank lines, and the spans
// index into that same string; a structured abstract's labels become
// headings.
func textLines(st Styles, p *store.Paper, spans []styledSpan, w int) []string {
	text := p.Text()
	labels := map[string]bool{}
	for _, sec := range p.Abstract {
		if sec.Label != "" {
			labels[sec.Label] = true
		}
	}
	var out []string
	for start := 0; start <= len(text); {
		end := strings.Index(text[start:], "\n\n")
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		bodyStart := start
		if label, _, ok := strings.Cut(text[start:end], ": "); ok && labels[label] {
			out = append(out, st.Label.Render(strings.ToUpper(oneLine(label))))
			bodyStart = start + len(label) + 2
		}
		var local []styledSpan
		for _, s := range spans {
			if s.Start >= bodyStart && s.End <= end {
				local = append(local, styledSpan{index.Span{Start: s.Start - bodyStart, End: s.End - bodyStart}, s.style})
			}
		}
		para := strings.ReplaceAll(renderStyled(text[bodyStart:end], local, st.Row), "\n", " ")
		out = append(out, wrapProse(para, w)...)
		out = append(out, "")
		start = end + 2
	}
	return out
}
