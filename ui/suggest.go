package ui

import tea "charm.land/bubbletea/v2"

// suggestionHint is the status line's "did you mean" for the last result,
// with the key that accepts it; "" when the query needs no correction.
func (m Model) suggestionHint() string {
	if m.suggestion == "" {
		return ""
	}
	return m.styles.Hint.Render("  did you mean: ") + m.styles.Filter.Render(sanitize(m.suggestion)) +
		m.styles.Hint.Render(" ("+m.keys.AcceptSuggestion.Help().Key+")")
}

// acceptSuggestion puts the corrected query in the search box and runs it.
func (m Model) acceptSuggestion() (tea.Model, tea.Cmd) {
	m.input.SetValue(m.suggestion)
	m.input.CursorEnd()
	m.suggestion = ""
	cmd := m.startSearch(false)
	return m, cmd
}
