package ui

import (
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/store"
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
	return m.globalKey(msg)
}

// helpKey scrolls or closes the help overlay.
func (m Model) helpKey(msg tea.KeyPressMsg) Model {
	switch {
	case keyMatches(msg, m.keys.Help, m.keys.Back, m.keys.Quit):
		m.showHelp, m.helpOffset = false, 0
	case keyMatches(msg, m.keys.Down):
		m.helpOffset++
	case keyMatches(msg, m.keys.Up):
		m.helpOffset = max(0, m.helpOffset-1)
	}
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
		m.filters, m.markedOnly = filters{}, false
		return m, m.startSearch(false)
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
		return m, nil
	case "esc":
		m.input.Blur()
		m.focus = m.lastPane
		return m, nil
	case "tab":
		m.input.Blur()
		m.focus = focusConditions
		return m, nil
	}
	return m.updateInput(msg)
}

func (m Model) readerKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if !m.reader.finding && keyMatches(msg, m.keys.Help) {
		m.showHelp = true
		return m, nil
	}
	if !m.reader.finding {
		if next, cmd, ok := m.paperAction(msg, m.reader.hit.Paper); ok {
			return next, cmd
		}
	}
	r := *m.reader
	closeIt, cmd := r.update(msg, m.keys, m.readerHeight())
	if closeIt {
		m.reader = nil
		return m, nil
	}
	m.reader = &r
	return m, cmd
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

// openReader opens the selected paper, laid out for the current width, and
// starts the timer after which it counts as read.
func (m Model) openReader() (tea.Model, tea.Cmd) {
	hit, ok := m.papers.selected()
	if !ok {
		return m, nil
	}
	r := newReader(hit)
	m.reader = &r
	m.relayoutReader()
	m.opened++
	if m.cfg.ReadAfter < 0 {
		return m, nil
	}
	pmid, opened := hit.Paper.PMID, m.opened
	return m, tea.Tick(m.cfg.ReadAfter, func(time.Time) tea.Msg { return readTickMsg{pmid: pmid, opened: opened} })
}

// paperAction handles the keys that act on one paper, in the papers pane
// and in the reader.
func (m Model) paperAction(msg tea.KeyPressMsg, p *store.Paper) (tea.Model, tea.Cmd, bool) {
	switch {
	case keyMatches(msg, m.keys.Mark) && m.reader == nil:
		cmd := m.toggleMark(p.PMID)
		return m, cmd, true
	case keyMatches(msg, m.keys.ToggleRead):
		cmd := m.setRead(p.PMID, !m.isRead(p.PMID))
		return m, cmd, true
	case keyMatches(msg, m.keys.Tag):
		cmd := m.openPrompt(overlayTags, p, strings.Join(m.personal.Tags[p.PMID], ", "))
		return m, cmd, true
	case keyMatches(msg, m.keys.Note):
		cmd := m.openNote(p)
		return m, cmd, true
	case keyMatches(msg, m.keys.Copy):
		m.overlay = overlay{kind: overlayCopy, paper: p}
		return m, nil, true
	case keyMatches(msg, m.keys.OpenLink):
		url := pubmedURL(p)
		if m.cfg.OpenURL == nil {
			m.notice = "copied PubMed link (no local browser): " + url
			return m, tea.SetClipboard(url), true
		}
		return m, openCmd(m.cfg.OpenURL, url), true
	}
	return m, nil, false
}

// toggle adds id to ids, or removes it when present, without aliasing ids.
func toggle(ids []string, id string) []string {
	if i := slices.Index(ids, id); i >= 0 {
		return slices.Delete(slices.Clone(ids), i, i+1)
	}
	return append(slices.Clone(ids), id)
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
	m.papers.cur = m.papers.cur.clamp(len(m.papers.hits), visibleRows(l.papers.inner().h))
}

// openedMsg reports the outcome of opening a link.
type openedMsg struct {
	url string
	err error
}

func openCmd(open func(string) error, url string) tea.Cmd {
	return func() tea.Msg { return openedMsg{url: url, err: open(url)} }
}
