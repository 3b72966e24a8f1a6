package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size; below it the UI says so instead of drawing.
const (
	minWidth  = 60
	minHeight = 16
	// wideWidth is where the panes go side by side; below it they are tabs.
	wideWidth = 100
)

// rect is a screen area in cells.
type rect struct{ x, y, w, h int }

func (r rect) contains(x, y int) bool { return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h }

// inner is the area inside a pane's border.
func (r rect) inner() rect { return rect{r.x + 1, r.y + 1, max(0, r.w-2), max(0, r.h-2)} }

// layout places every part of the screen for a terminal size. It is a pure
// function of the size, used by View to draw and by Update to hit-test the
// mouse, so the two always agree.
type layout struct {
	tooSmall             bool
	wide                 bool
	body                 rect // the pane area (or the reader)
	conds, drugs, papers rect
}

func computeLayout(w, h int) layout {
	if w < minWidth || h < minHeight {
		return layout{tooSmall: true}
	}
	l := layout{wide: w >= wideWidth}
	top := 2 // search line, filter line
	if !l.wide {
		top = 3 // plus the tab bar
	}
	l.body = rect{0, top, w, h - top - 2}
	if !l.wide {
		l.conds, l.drugs, l.papers = l.body, l.body, l.body
		return l
	}
	left := min(max(w*30/100, 28), 44)
	condH := l.body.h / 2
	l.conds = rect{0, top, left, condH}
	l.drugs = rect{0, top + condH, left, l.body.h - condH}
	l.papers = rect{left, top, w - left, l.body.h}
	return l
}

// boxed draws content inside a rounded border of size r with a title in the
// top edge and a footer (the position in the list, "12/253") at the right of
// the bottom edge. Content lines are cut or padded to fit exactly. It styles
// each border piece once per call: the render path runs on every keystroke.
func boxed(st Styles, r rect, title, footer, content string, focused bool) []string {
	bc, titleStyle := st.BorderLine, st.PaneTitle
	if focused {
		bc, titleStyle = st.BorderLineOn, st.PaneTitleOn
	}
	innerW, innerH := max(0, r.w-2), max(0, r.h-2)
	// Without colour the focused pane is drawn with a double line, which
	// shows even where every attribute is stripped (TERM=dumb).
	b := lipgloss.RoundedBorder()
	if focused && st.Colourless {
		b = lipgloss.DoubleBorder()
	}
	side := bc.Render(b.Left)
	t := titleStyle.Render(" " + ansi.Truncate(title, max(0, innerW-4), "…") + " ")
	fill := max(0, innerW-1-ansi.StringWidth(t))
	lines := make([]string, 0, r.h)
	lines = append(lines, bc.Render(b.TopLeft+b.Top)+t+bc.Render(strings.Repeat(b.Top, fill)+b.TopRight))
	body := strings.Split(content, "\n")
	blank := strings.Repeat(" ", innerW)
	for i := 0; i < innerH; i++ {
		if i >= len(body) || body[i] == "" {
			lines = append(lines, side+blank+side)
			continue
		}
		line, w := body[i], ansi.StringWidth(body[i])
		if w > innerW {
			line, w = ansi.Truncate(line, innerW, ""), innerW
		}
		lines = append(lines, side+line+blank[:innerW-w]+side)
	}
	lines = append(lines, bottomEdge(st, bc, b, innerW, footer))
	return lines
}

// bottomEdge is a pane's bottom border with footer near its right end, when
// it fits.
func bottomEdge(st Styles, bc lipgloss.Style, b lipgloss.Border, innerW int, footer string) string {
	f := " " + footer + " "
	if footer == "" || ansi.StringWidth(f)+2 > innerW {
		return bc.Render(b.BottomLeft + strings.Repeat(b.Bottom, innerW) + b.BottomRight)
	}
	fill := innerW - ansi.StringWidth(f) - 1
	return bc.Render(b.BottomLeft+strings.Repeat(b.Bottom, fill)) + st.Position.Render(f) + bc.Render(b.Bottom+b.BottomRight)
}

// joinColumns puts blocks of lines side by side. Every block's lines are
// already exactly as wide as the block, so plain concatenation is enough.
func joinColumns(blocks ...[]string) string {
	n := 0
	for _, b := range blocks {
		n = max(n, len(b))
	}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte('\n')
		}
		for _, b := range blocks {
			if i < len(b) {
				sb.WriteString(b[i])
			}
		}
	}
	return sb.String()
}

// fitLine cuts or pads a line to exactly w cells.
func fitLine(s string, w int) string {
	n := ansi.StringWidth(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", max(0, w-n))
}
