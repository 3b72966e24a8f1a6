package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"
)

// handleKey resolves who gets a key press: global keys first, then the help
// overlay, the reader, the search box, or the focused pane.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if keyMatches(msg, m.keys.ForceQuit) {
		return m, m.quit()
	}
	m.notice = ""
	if m.overlay.kind != overlayNone {
		return m.overlayKey(msg)
	}
	if m.showHelp {
		return m.helpKey(msg), nil
	}
	if m.reader != nil {
		return m.readerKey(msg)
	}
	if m.suggestion != "" && keyMatches(msg, m.keys.AcceptSuggestion) {
		return m.acceptSuggestion()
	}
	if m.focus == focusSearch {
		return m.searchKey(msg)
	}
	if pane := m.entityPaneFor(m.focus); pane != nil {
		if pane.filtering {
			pane.filterKey(msg)
			m.clampPanes()
			return m, nil
		}
		switch {
		case keyMatches(msg, m.keys.FilterList):
			pane.filtering = true
			return m, nil
		case keyMatches(msg, m.keys.Back) && pane.filter != "":
			pane.setFilter("")
			return m, nil
		}
	}
	return m.globalKey(msg)
}

// helpKey scrolls, filters or closes the help overlay.
func (m Model) helpKey(msg tea.KeyPressMsg) Model {
	if m.helpFiltering {
		return m.helpFilterKey(msg)
	}
	switch {
	case msg.String() == "/":
		m.helpFiltering, m.helpOffset = true, 0
	case keyMatches(msg, m.keys.Help, m.keys.Back, m.keys.Quit):
		m.showHelp, m.helpOffset, m.helpFilter = false, 0, ""
	case keyMatches(msg, m.keys.Down):
		m.helpOffset++
	case keyMatches(msg, m.keys.Up):
		m.helpOffset = max(0, m.helpOffset-1)
	}
	return m
}

// helpFilterKey edits the help overlay's filter: Enter keeps it, Esc
// clears it.
func (m Model) helpFilterKey(msg tea.KeyPressMsg) Model {
	switch msg.String() {
	case "enter":
		m.helpFiltering = false
	case "esc":
		m.helpFiltering, m.helpFilter = false, ""
	case "backspace":
		if r := []rune(m.helpFilter); len(r) > 0 {
			m.helpFilter = string(r[:len(r)-1])
		}
	default:
		if msg.Text != "" {
			m.helpFilter += msg.Text
		}
	}
	m.helpOffset = 0
	return m
}

// globalKey handles the keys that work in every pane, then hands the rest
// to the focused pane.
func (m Model) globalKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case keyMatches(msg, m.keys.Quit):
		return m, m.quit()
	case keyMatches(msg, m.keys.Help):
		m.showHelp = true
		return m, nil
	case keyMatches(msg, m.keys.Search):
		m.lastPane, m.focus = m.focus, focusSearch
		return m, m.input.Focus()
	case keyMatches(msg, m.keys.NextPane):
		m.focus = (m.focus + 1) % focusSearch
		return m, nil
	case keyMatches(msg, m.keys.PrevPane):
		m.focus = (m.focus + focusSearch - 1) % focusSearch
		return m, nil
	case keyMatches(msg, m.keys.Sort):
		m.sort = m.sort.Next()
		return m, m.startSearch(false)
	case keyMatches(msg, m.keys.MarkedOnly):
		m.markedOnly = !m.markedOnly
		return m, m.startSearch(false)
	case keyMatches(msg, m.keys.SavedList):
		m.openSavedList()
		return m, nil
	case keyMatches(msg, m.keys.TagList):
		m.openTagList()
		return m, nil
	case keyMatches(msg, m.keys.Export):
		m.overlay = overlay{kind: overlayExport}
		return m, nil
	case keyMatches(msg, m.keys.SaveSearch):
		return m, m.openPrompt(overlaySaveSearch, nil, "")
	case keyMatches(msg, m.keys.Recall):
		return m, m.recall(int(msg.String()[0] - '0'))
	case keyMatches(msg, m.keys.Source):
		m.filters.source = nextSource(m.filters.source)
		return m, m.startSearch(false)
	case keyMatches(msg, m.keys.ClearFilter) && (!m.filters.empty() || m.markedOnly):
		m.undo = m.snapshot()
		m.filters, m.markedOnly = filters{}, false
		m.notice = "filters cleared · u brings them back"
		return m, m.startSearch(false)
	case keyMatches(msg, m.keys.Undo):
		return m, m.restore()
	case keyMatches(msg, m.keys.Compact):
		m.papers.compact = !m.papers.compact
		m.clampPanes()
		return m, nil
	}
	return m.paneKey(msg)
}

func (m Model) quit() tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	return tea.Quit
}

// searchKey edits the query. Enter moves to the papers, Esc back to the
// pane the user came from; both keep the query.
func (m Model) searchKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "enter":
		m.input.Blur()
		m.focus = focusPapers
		return m, m.remember()
	case "esc":
		m.input.Blur()
		m.focus = m.lastPane
		return m, m.remember()
	case "tab":
		m.input.Blur()
		m.focus = focusConditions
		return m, m.remember()
	}
	switch {
	case keyMatches(msg, m.keys.HistoryBack):
		return m, m.walkHistory(-1)
	case keyMatches(msg, m.keys.HistoryFwd):
		return m, m.walkHistory(1)
	}
	m.histPos = -1
	return m.updateInput(msg)
}

// paneKey hands a key to the focused pane and acts on what it asks for.
func (m Model) paneKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	l := computeLayout(m.width, m.height)
	switch m.focus {
	case focusConditions:
		if id := m.conds.update(msg, m.keys, l.conds.inner().h); id != "" {
			m.filters.conditions = toggle(m.filters.conditions, id)
			return m, m.startSearch(false)
		}
	case focusDrugs:
		if id := m.drugs.update(msg, m.keys, l.drugs.inner().h); id != "" {
			m.filters.drugs = toggle(m.filters.drugs, id)
			return m, m.startSearch(false)
		}
	case focusPapers:
		h := l.papers.inner().h
		if _, ok := m.papers.cur.navigate(m.keys, msg, len(m.papers.hits), m.papers.visibleRows(h)); ok {
			// G reaches the end of the list, not of the loaded pages;
			// any other move stops the loading.
			m.toEnd = keyMatches(msg, m.keys.Bottom) && len(m.papers.hits) < m.papers.total
			if m.toEnd {
				cmd := m.continueToEnd()
				m.papers.update(msg, m.keys, h)
				return m, cmd
			}
		}
		if hit, ok := m.papers.selected(); ok {
			if next, cmd, ok := m.paperAction(msg, hit.Paper); ok {
				return next, cmd
			}
		}
		if open := m.papers.update(msg, m.keys, h); open {
			return m.openReader()
		}
		if m.papers.wantsMore(h) && !m.loadingMore && !m.searching {
			return m, m.startSearch(true)
		}
	}
	return m, nil
}

// toggle adds id to ids, or removes it when present, without aliasing ids.
func toggle(ids []string, id string) []string {
	if i := slices.Index(ids, id); i >= 0 {
		return slices.Delete(slices.Clone(ids), i, i+1)
	}
	return append(slices.Clone(ids), id)
}

// entityPaneFor is the conditions or drugs pane when f is one of them.
func (m *Model) entityPaneFor(f focus) *entityPane {
	switch f {
	case focusConditions:
		return &m.conds
	case focusDrugs:
		return &m.drugs
	}
	return nil
}

// paneRect is where pane f is drawn.
func (m Model) paneRect(l layout, f focus) rect {
	switch f {
	case focusConditions:
		return l.conds
	case focusDrugs:
		return l.drugs
	default:
		return l.papers
	}
}

// readerHeight is the number of text lines the reader shows.
func (m Model) readerHeight() int {
	return max(1, computeLayout(m.width, m.height).body.h-1)
}

// clampPanes keeps every cursor valid for the current sizes.
func (m *Model) clampPanes() {
	l := computeLayout(m.width, m.height)
	m.conds.cur = m.conds.cur.clamp(len(m.conds.rows), l.conds.inner().h)
	m.drugs.cur = m.drugs.cur.clamp(len(m.drugs.rows), l.drugs.inner().h)
	m.papers.cur = m.papers.cur.clamp(len(m.papers.hits), m.papers.visibleRows(l.papers.inner().h))
}

// openedMsg reports the outcome of opening a link.
type openedMsg struct {
	url string
	err error
}

func openCmd(open func(string) error, url string) tea.Cmd {
	return func() tea.Msg { return openedMsg{url: url, err: open(url)} }
}
