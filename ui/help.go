package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpLines lays the key groups out in as many columns as fit width,
// then the query syntax, wrapped. It is generated from the live bindings.
func (m Model) helpLines(width int) []string {
	var rows []string
	var row []string
	rowWidth := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowWidth = nil, 0
		}
	}
	for _, group := range m.keys.fullHelp() {
		col := m.help.FullHelpView([][]key.Binding{group}) + "    "
		w := lipgloss.Width(col)
		if rowWidth+w > width && len(row) > 0 {
			flush()
		}
		row = append(row, col)
		rowWidth += w
	}
	flush()
	lines := []string{m.styles.Heading.Render("Keys"), ""}
	for _, r := range rows {
		lines = append(lines, strings.Split(r, "\n")...)
		lines = append(lines, "")
	}
	for _, l := range strings.Split(querySyntaxHelp, "\n") {
		lines = append(lines, strings.Split(ansi.Wrap(m.styles.Hint.Render(l), width, ""), "\n")...)
	}
	return lines
}

// helpBox renders the help overlay to fit r, scrolled by helpOffset when
// it is taller than the screen.
func (m Model) helpBox(r rect) string {
	inner := max(10, r.w-4)
	lines := m.helpLines(inner)
	visible := max(1, r.h-3)
	off := min(max(0, m.helpOffset), max(0, len(lines)-visible))
	end := min(len(lines), off+visible)
	shown := append([]string{}, lines[off:end]...)
	footer := "? or esc closes"
	if len(lines) > visible {
		footer = "↑↓ scroll · " + footer
	}
	for i, l := range shown {
		shown[i] = ansi.Truncate(l, inner, "…")
	}
	shown = append(shown, m.styles.Hint.Render(footer))
	return m.styles.HelpBox.MaxWidth(r.w).Render(strings.Join(shown, "\n"))
}
