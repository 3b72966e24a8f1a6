package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/store"
)

func (m Model) readerKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if !m.reader.finding && keyMatches(msg, m.keys.Help) {
		m.showHelp = true
		return m, nil
	}
	// q closes the reader, as in less, man and glow; in the panes it quits.
	if !m.reader.finding && keyMatches(msg, m.keys.Quit) {
		m.reader = nil
		return m, nil
	}
	if !m.reader.finding && keyMatches(msg, m.keys.Mentions) {
		r := *m.reader
		r.mentions = !r.mentions
		m.reader = &r
		m.relayoutReader()
		return m, nil
	}
	if !m.reader.finding && keyMatches(msg, m.keys.PrevPaper, m.keys.NextPaper) {
		return m.readerStep(keyMatches(msg, m.keys.NextPaper))
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

// readerStep opens the next (or previous) paper of the list in the reader,
// moving the papers pane's cursor with it; at the end of the loaded papers
// it loads more.
func (m Model) readerStep(next bool) (tea.Model, tea.Cmd) {
	delta := -1
	if next {
		delta = 1
	}
	h := computeLayout(m.width, m.height).papers.inner().h
	pos := m.papers.cur.pos + delta
	if pos < 0 || pos >= len(m.papers.hits) {
		if next && len(m.papers.hits) < m.papers.total {
			m.notice = "loading more papers…"
			if !m.loadingMore && !m.searching {
				return m, m.startSearch(true)
			}
			return m, nil
		}
		m.notice = "this is the first paper of the list"
		if next {
			m.notice = "this is the last paper of the list"
		}
		return m, nil
	}
	m.papers.cur = m.papers.cur.move(delta, len(m.papers.hits), m.papers.visibleRows(h))
	return m.openReader()
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
	case keyMatches(msg, m.keys.Mark):
		cmd := m.toggleMark(p.PMID)
		if m.writer != nil {
			m.notice = "taken off your reading list: PMID " + oneLine(p.PMID)
			if m.isMarked(p.PMID) {
				m.notice = "added to your reading list: PMID " + oneLine(p.PMID)
			}
		}
		return m, cmd, true
	case keyMatches(msg, m.keys.ToggleRead):
		read := !m.isRead(p.PMID)
		cmd := m.setRead(p.PMID, read)
		if m.writer != nil {
			m.notice = "marked unread: PMID " + oneLine(p.PMID)
			if read {
				m.notice = "✓ marked read: PMID " + oneLine(p.PMID)
			}
		}
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
		if url == "" {
			m.notice = "no PubMed link: the PMID is not a number"
			return m, nil, true
		}
		if m.cfg.OpenURL == nil {
			m.notice = "copied PubMed link (no local browser): " + url
			return m, tea.SetClipboard(url), true
		}
		return m, openCmd(m.cfg.OpenURL, url), true
	}
	return m, nil, false
}
