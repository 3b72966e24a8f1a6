package ui

import tea "charm.land/bubbletea/v2"

// handleWheel scrolls the pane under the pointer, whichever has focus.
func (m Model) handleWheel(msg tea.MouseWheelMsg) Model {
	delta := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		delta = -1
	case tea.MouseWheelDown:
		delta = 1
	default:
		return m
	}
	l := computeLayout(m.width, m.height)
	if l.tooSmall || m.showHelp {
		return m
	}
	if m.reader != nil {
		m.reader.offset = m.reader.clampOffset(m.reader.offset+3*delta, m.readerHeight())
		return m
	}
	switch f, ok := m.paneAt(l, msg.X, msg.Y); {
	case !ok:
	case f == focusPapers:
		h := m.papers.visibleRows(l.papers.inner().h)
		m.papers.cur = m.papers.cur.scroll(delta, len(m.papers.hits), h)
	case f == focusConditions:
		m.conds.cur = m.conds.cur.scroll(3*delta, len(m.conds.rows), l.conds.inner().h)
	case f == focusDrugs:
		m.drugs.cur = m.drugs.cur.scroll(3*delta, len(m.drugs.rows), l.drugs.inner().h)
	}
	return m
}

// handleClick focuses the pane under the pointer and selects the row there.
func (m Model) handleClick(msg tea.MouseClickMsg) Model {
	l := computeLayout(m.width, m.height)
	if l.tooSmall || m.showHelp || m.reader != nil || msg.Button != tea.MouseLeft {
		return m
	}
	f, ok := m.paneAt(l, msg.X, msg.Y)
	if !ok {
		return m
	}
	if m.focus == focusSearch {
		m.input.Blur()
	}
	m.focus = f
	in := m.paneRect(l, f).inner()
	row := msg.Y - in.y
	switch f {
	case focusPapers:
		c := m.papers.cur.clamp(len(m.papers.hits), m.papers.visibleRows(in.h))
		c.pos = c.offset + row/m.papers.rowHeight()
		m.papers.cur = c.clamp(len(m.papers.hits), m.papers.visibleRows(in.h))
	case focusConditions:
		m.conds.cur, m.conds.moved = clickRow(m.conds.cur, row, len(m.conds.rows), in.h), true
	case focusDrugs:
		m.drugs.cur, m.drugs.moved = clickRow(m.drugs.cur, row, len(m.drugs.rows), in.h), true
	}
	return m
}

func clickRow(c listCursor, row, n, h int) listCursor {
	c = c.clamp(n, h)
	c.pos = c.offset + row
	return c.clamp(n, h)
}

// paneAt is the pane drawn at (x, y). In the narrow layout only the shown
// tab is under the pointer.
func (m Model) paneAt(l layout, x, y int) (focus, bool) {
	if !l.wide {
		if l.body.contains(x, y) {
			return m.shownPane(), true
		}
		return 0, false
	}
	for _, f := range []focus{focusConditions, focusDrugs, focusPapers} {
		if m.paneRect(l, f).contains(x, y) {
			return f, true
		}
	}
	return 0, false
}

// shownPane is the pane the narrow layout shows: the focused one, or the
// last one focused while the search box has the keys.
func (m Model) shownPane() focus {
	if m.focus == focusSearch {
		return m.lastPane
	}
	return m.focus
}
