package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/follicle/follicle/index"
)

// paperRowHeight is how many lines one paper takes: title, citation line,
// snippet; in the compact list, one.
const paperRowHeight = 3

// papersPane lists the matching papers, best first (or by the chosen sort),
// one page at a time; the next page loads when the cursor reaches the end.
type papersPane struct {
	hits  []index.Hit
	total int
	cur   listCursor
	// compact shows one line per paper (title, first author, year), so
	// three times as many fit.
	compact bool
}

// rowHeight is how many lines one paper takes.
func (p papersPane) rowHeight() int {
	if p.compact {
		return 1
	}
	return paperRowHeight
}

func (p papersPane) selected() (index.Hit, bool) {
	if p.cur.pos < 0 || p.cur.pos >= len(p.hits) {
		return index.Hit{}, false
	}
	return p.hits[p.cur.pos], true
}

// update handles the pane's own keys: movement, and Open, which it reports.
func (p *papersPane) update(msg tea.KeyPressMsg, k KeyMap, h int) (open bool) {
	if cur, ok := p.cur.navigate(k, msg, len(p.hits), p.visibleRows(h)); ok {
		p.cur = cur
		return false
	}
	return keyMatches(msg, k.Open)
}

// position is where the cursor is among all the matches (loaded or not),
// "12/253", for the pane's bottom edge.
func (p papersPane) position() string {
	if len(p.hits) == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", min(p.cur.pos, len(p.hits)-1)+1, max(p.total, len(p.hits)))
}

// visibleRows is how many papers fit in h lines.
func (p papersPane) visibleRows(h int) int { return max(1, h/p.rowHeight()) }

// wantsMore reports whether the cursor is near the end of a partial list.
func (p papersPane) wantsMore(h int) bool {
	return len(p.hits) < p.total && p.cur.pos >= len(p.hits)-p.visibleRows(h)
}

// paperMarks tells a row what the user has recorded about a paper.
type paperMarks func(pmid string) (marked, read bool, tags []string)

func (p papersPane) view(st Styles, w, h int, focused bool, searching bool, marks paperMarks) string {
	if len(p.hits) == 0 {
		msg := "No paper matches. Try fewer words, a prefix, or clear the filters (x)."
		if searching {
			msg = "Searching…"
		}
		// One cell from the border, like the rows' cursor bar.
		lines := strings.Split(ansi.Wrap(msg, max(1, w-2), ""), "\n")
		for i, l := range lines {
			lines[i] = "  " + st.Hint.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	visible := p.visibleRows(h)
	cur := p.cur.clamp(len(p.hits), visible)
	var lines []string
	for i := cur.offset; i < len(p.hits) && i < cur.offset+visible; i++ {
		if p.compact {
			lines = append(lines, p.compactRow(st, p.hits[i], w, focused && i == cur.pos, i == cur.pos, marks))
			continue
		}
		lines = append(lines, p.rowView(st, p.hits[i], w, focused && i == cur.pos, i == cur.pos, marks)...)
	}
	return strings.Join(lines, "\n")
}

// rowView renders one paper as three lines with the query terms highlighted.
func (p papersPane) rowView(st Styles, h index.Hit, w int, focused, current bool, marks paperMarks) []string {
	bar := "  "
	if current {
		bar = "▌ "
	}
	inner := max(1, w-2)
	marked, read, tags := false, false, []string(nil)
	if marks != nil {
		marked, read, tags = marks(h.Paper.PMID)
	}
	prefix := ""
	if marked {
		prefix += st.Filter.Render("★ ")
	}
	if read {
		prefix += st.Hint.Render("✓ ")
	}
	title := ansi.Truncate(prefix+renderSpans(oneLine(h.Paper.Title), h.TitleSpans, st.Row.Bold(true), st.Highlight), inner, "…")
	metaText := citationLine(h)
	if len(tags) > 0 {
		metaText += " · #" + strings.Join(tags, " #")
	}
	meta := ansi.Truncate(st.Meta.Render(metaText), inner, "…")
	snip, spans := index.Snippet(h.Paper.Text(), h.TextSpans, inner)
	snippet := ansi.Truncate(renderSpans(snip, spans, st.Snippet, st.Highlight), inner, "…")
	barStyle := st.Hint
	if focused {
		barStyle = st.Title
	}
	pad := func(s string) string { return s + strings.Repeat(" ", max(0, inner-lipgloss.Width(s))) }
	return []string{
		barStyle.Render(bar) + pad(title),
		barStyle.Render(bar) + pad(meta),
		barStyle.Render(bar) + pad(snippet),
	}
}

// citationLine is the compact second line of a paper row.
func citationLine(h index.Hit) string {
	p := h.Paper
	parts := []string{}
	if a := p.FirstAuthor(); a != "" {
		if len(p.Authors) > 1 || p.EtAl {
			a += " et al."
		}
		parts = append(parts, a)
	}
	if p.Journal != "" {
		parts = append(parts, p.Journal)
	}
	if p.Year > 0 {
		parts = append(parts, fmt.Sprint(p.Year))
	}
	if t := p.MainType(); t != "" {
		parts = append(parts, t)
	}
	return oneLine(strings.Join(parts, " · "))
}

// endChunk is how many papers one request loads on the way to the end of
// the list (G): the bundled corpus in one, a large library in a few steps.
const endChunk = 2000

// continueToEnd loads the next page while G waits for the end of the list,
// and puts the cursor on the last paper once it is in.
func (m *Model) continueToEnd() tea.Cmd {
	if !m.toEnd || m.loadingMore || m.searching {
		return nil
	}
	if len(m.papers.hits) < m.papers.total && m.errText == "" {
		return m.startSearch(true)
	}
	m.toEnd = false
	m.papers.cur.pos = len(m.papers.hits) - 1
	m.clampPanes()
	return nil
}

// compactRow renders one paper on one line: marks, title, and at the right
// the first author and the year.
func (p papersPane) compactRow(st Styles, h index.Hit, w int, focused, current bool, marks paperMarks) string {
	bar, barStyle := "  ", st.Hint
	if current {
		bar = "▌ "
	}
	if focused {
		barStyle = st.Title
	}
	inner := max(1, w-2)
	prefix := ""
	if marks != nil {
		if marked, read, _ := marks(h.Paper.PMID); marked || read {
			if marked {
				prefix += st.Filter.Render("★ ")
			}
			if read {
				prefix += st.Hint.Render("✓ ")
			}
		}
	}
	var right []string
	if a := h.Paper.FirstAuthor(); a != "" {
		right = append(right, oneLine(a))
	}
	if h.Paper.Year > 0 {
		right = append(right, fmt.Sprint(h.Paper.Year))
	}
	meta := ansi.Truncate(strings.Join(right, " · "), max(0, inner/3), "…")
	titleW := max(1, inner-ansi.StringWidth(meta)-1)
	title := ansi.Truncate(prefix+renderSpans(oneLine(h.Paper.Title), h.TitleSpans, st.Row.Bold(true), st.Highlight), titleW, "…")
	gap := max(1, inner-lipgloss.Width(title)-ansi.StringWidth(meta))
	return barStyle.Render(bar) + title + strings.Repeat(" ", gap) + st.Meta.Render(meta)
}
