package ui

import (
	"slices"
	"strings"

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

// remember adds the query to the user's history when the user leaves the
// search box with it.
func (m *Model) remember() tea.Cmd {
	m.histPos = -1
	q := strings.TrimSpace(m.input.Value())
	h := m.personal.History
	if q == "" || (len(h) > 0 && h[len(h)-1] == q) {
		return nil
	}
	h = slices.DeleteFunc(slices.Clone(h), func(s string) bool { return s == q })
	m.personal.History = append(h, q)
	if m.writer == nil {
		return nil
	}
	m.stateSeq++
	user := m.cfg.User
	return m.writer.saveCmd("history", m.stateSeq, "search history", func(s StateStore) error { return s.AddHistory(user, q) })
}

// walkHistory shows an earlier (delta -1) or later (+1) query in the search
// box and searches it; past the newest it brings back what the user had
// typed.
func (m *Model) walkHistory(delta int) tea.Cmd {
	h := m.personal.History
	if len(h) == 0 {
		return nil
	}
	pos := m.histPos
	switch {
	case pos < 0 && delta > 0:
		return nil
	case pos < 0:
		m.draft, pos = m.input.Value(), len(h)-1
	default:
		pos += delta
	}
	switch {
	case pos < 0:
		return nil // already at the oldest
	case pos >= len(h):
		m.histPos = -1
		m.setQuery(m.draft)
	default:
		m.histPos = pos
		m.setQuery(h[pos])
	}
	m.typingSeq++
	return debounceCmd(m.typingSeq, m.cfg.Debounce)
}
