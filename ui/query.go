package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
)

// setQuery replaces the query and puts the cursor at its end, so that what
// the user types next is added after it, not inside it (the text input
// keeps its cursor position on SetValue).
func (m *Model) setQuery(q string) {
	m.input.SetValue(q)
	m.input.CursorEnd()
}

// searchState is what the user asked for: the query, the filters, the
// reading list and the sort. x clears the filters all at once; u brings
// back the state before it.
type searchState struct {
	query      string
	filters    filters
	markedOnly bool
	sort       index.Sort
}

func (m Model) snapshot() *searchState {
	return &searchState{query: m.input.Value(), filters: m.filters, markedOnly: m.markedOnly, sort: m.sort}
}

// restore brings back the search x cleared; the state it replaces becomes
// the next undo, so u again redoes the clearing.
func (m *Model) restore() tea.Cmd {
	if m.undo == nil {
		m.notice = "nothing to undo"
		return nil
	}
	prev := *m.undo
	m.undo = m.snapshot()
	m.setQuery(prev.query)
	m.filters, m.markedOnly, m.sort = prev.filters, prev.markedOnly, prev.sort
	m.notice = "filters restored · u clears them again"
	return m.startSearch(false)
}
