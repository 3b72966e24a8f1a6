package ui

import (
	"strconv"
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
	title, groups := m.keys.fullHelp(m.helpFocus())
	groups = filterBindings(groups, m.helpFilter)
	for _, group := range groups {
		col := m.help.FullHelpView([][]key.Binding{group}) + "    "
		w := lipgloss.Width(col)
		if rowWidth+w > width && len(row) > 0 {
			flush()
		}
		row = append(row, col)
		rowWidth += w
	}
	flush()
	lines := []string{m.styles.Heading.Render(title), m.helpFilterLine(), ""}
	for _, r := range rows {
		lines = append(lines, strings.Split(r, "\n")...)
		lines = append(lines, "")
	}
	if len(rows) == 0 {
		lines = append(lines, m.styles.Hint.Render("no key matches "+strconv.Quote(m.helpFilter)), "")
	}
	if m.helpFilter != "" || m.reader != nil {
		return lines
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
	footer := "/ filters · ? or esc closes"
	if len(lines) > visible {
		footer = "↑↓ scroll · " + footer
	}
	for i, l := range shown {
		shown[i] = ansi.Truncate(l, inner, "…")
	}
	shown = append(shown, m.styles.Hint.Render(footer))
	return m.styles.HelpBox.MaxWidth(r.w).Render(strings.Join(shown, "\n"))
}

// helpFocus is the place whose keys the help lists: where the user was when
// they pressed ?.
func (m Model) helpFocus() (focus, bool) { return m.focus, m.reader != nil }

func (m Model) helpFilterLine() string {
	switch {
	case m.helpFiltering:
		return m.styles.SearchPrompt.Render("filter: ") + m.helpFilter + m.styles.Hint.Render("▏")
	case m.helpFilter != "":
		return m.styles.Hint.Render("filter: " + m.helpFilter + " (/ changes it)")
	}
	return m.styles.Hint.Render("/ filters the keys")
}

// helpLine is the footer: the keys of where the user is, as many as fit,
// then "? help", which is always shown, however narrow the terminal.
func (m Model) helpLine() string {
	h := m.help
	h.SetWidth(0) // bubbles' own cut can overflow by an item; cut here
	helpItem := h.ShortHelpView([]key.Binding{m.keys.Help})
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	ellipsis := " " + h.Styles.Ellipsis.Render(h.Ellipsis)
	room := m.width - lipgloss.Width(sep+helpItem)
	bindings := m.keys.shortHelp(m.focus, m.reader != nil)
	keys := ""
	for n := len(bindings); n > 0; n-- {
		keys = h.ShortHelpView(bindings[:n])
		if n < len(bindings) {
			keys += ellipsis
		}
		if lipgloss.Width(keys) <= room {
			break
		}
		keys = ""
	}
	if keys == "" {
		return fitLine(helpItem, m.width)
	}
	return fitLine(keys+sep+helpItem, m.width)
}
