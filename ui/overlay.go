package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/export"
)

// overlayKind is a small dialog over the panes that owns the keys while
// open.
type overlayKind int

const (
	overlayNone overlayKind = iota
	overlayTags
	overlaySaveSearch
	overlayNote
	overlayCopy
	overlayExport
	overlaySavedList
	overlayTagList
)

// overlay is the open dialog: a one-line prompt, the note editor, or the
// copy menu, about one paper.
type overlay struct {
	kind  overlayKind
	paper *store.Paper
	input textinput.Model
	area  textarea.Model
	items []listItem // saved searches or tags, for the list dialogs
	cur   int
}

// listItem is one line of a list dialog.
type listItem struct {
	label string
	count int
}

// maxClipboard caps what copy sends through OSC 52.
const maxClipboard = 100 << 10

func (m *Model) openPrompt(kind overlayKind, p *store.Paper, value string) tea.Cmd {
	in := newInput()
	in.CharLimit = 500
	in.SetValue(value)
	in.SetWidth(max(20, min(60, m.width-10)))
	m.overlay = overlay{kind: kind, paper: p, input: in}
	return m.overlay.input.Focus()
}

func (m *Model) openNote(p *store.Paper) tea.Cmd {
	ta := textarea.New()
	st := ta.Styles()
	st.Cursor.Blink = false // as in the search box: no redraws for a blinking cursor
	ta.SetStyles(st)
	ta.SetWidth(max(20, min(70, m.width-10)))
	ta.SetHeight(max(3, min(10, m.height-12)))
	ta.CharLimit = 64 << 10
	ta.SetValue(m.personal.Notes[p.PMID])
	m.overlay = overlay{kind: overlayNote, paper: p, area: ta}
	return m.overlay.area.Focus()
}

// overlayKey handles a key while a dialog is open.
func (m Model) overlayKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	o := &m.overlay
	if msg.String() == "esc" {
		m.overlay = overlay{}
		return m, nil
	}
	switch o.kind {
	case overlayCopy:
		return m.copyChoice(msg.String())
	case overlayExport:
		return m.exportKey(msg.String())
	case overlaySavedList, overlayTagList:
		return m.listKey(msg)
	case overlayNote:
		if keyMatches(msg, m.keys.ExtEditor) && m.cfg.ExternalEditor != nil {
			return m.externalEdit(o.paper.PMID, o.area.Value())
		}
		if keyMatches(msg, m.keys.SaveNote) {
			cmd := m.setNote(o.paper.PMID, o.area.Value())
			m.overlay = overlay{}
			m.relayoutReader()
			return m, cmd
		}
		var cmd tea.Cmd
		o.area, cmd = o.area.Update(msg)
		return m, cmd
	}
	if msg.String() == "enter" {
		value := o.input.Value()
		kind, p := o.kind, o.paper
		m.overlay = overlay{}
		if kind == overlayTags {
			cmd := m.setTags(p.PMID, value)
			m.relayoutReader()
			return m, cmd
		}
		return m, m.saveSearch(value)
	}
	var cmd tea.Cmd
	o.input, cmd = o.input.Update(msg)
	return m, cmd
}

// copyChoices are the copy menu's entries: key, label, value.
func copyChoices(p *store.Paper) [][3]string {
	out := [][3]string{{"p", "PMID", p.PMID}}
	if p.DOI != "" {
		out = append(out, [3]string{"d", "DOI", p.DOI})
	}
	out = append(out, [3]string{"u", "PubMed link", pubmedURL(p)})
	if p.DOI != "" {
		out = append(out, [3]string{"l", "DOI link", "https://doi.org/" + p.DOI})
	}
	return append(out, [3]string{"c", "citation", export.Citation(p)})
}

func pubmedURL(p *store.Paper) string { return "https://pubmed.ncbi.nlm.nih.gov/" + p.PMID + "/" }

// copyChoice puts the chosen text on the clipboard through OSC 52, which
// reaches the user's own clipboard over SSH and inside tmux. The clipboard
// is never read.
func (m Model) copyChoice(k string) (tea.Model, tea.Cmd) {
	for _, c := range copyChoices(m.overlay.paper) {
		if c[0] != k {
			continue
		}
		m.overlay = overlay{}
		text := c[2]
		if len(text) > maxClipboard {
			m.notice = "too long to copy"
			return m, nil
		}
		m.notice = "copied " + c[1] + ": " + oneLine(clipRunes(text, 60))
		return m, tea.SetClipboard(text)
	}
	return m, nil
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// overlayView renders the open dialog.
func (m Model) overlayView() string {
	o := m.overlay
	var title, body, hint string
	switch o.kind {
	case overlayTags:
		title, body, hint = "Tags for PMID "+o.paper.PMID, o.input.View(), "comma-separated · enter saves · esc cancels"
	case overlaySaveSearch:
		title, body, hint = "Save this search as", o.input.View(), "enter saves · esc cancels · 1-9 recall saved searches"
	case overlayNote:
		title, body, hint = "Note on PMID "+o.paper.PMID, o.area.View(), "ctrl+s saves · esc cancels"
		if m.cfg.ExternalEditor != nil {
			hint += " · ctrl+e opens $EDITOR"
		}
	case overlayCopy:
		var lines []string
		for _, c := range copyChoices(o.paper) {
			lines = append(lines, fmt.Sprintf("%s  %-12s %s", m.styles.Heading.Render(c[0]), c[1], clipRunes(oneLine(c[2]), 50)))
		}
		title, body, hint = "Copy", strings.Join(lines, "\n"), "press a key · esc cancels"
	case overlaySavedList, overlayTagList:
		title, body, hint = m.listView()
	case overlayExport:
		var lines []string
		for _, c := range exportChoices {
			lines = append(lines, fmt.Sprintf("%s  %s", m.styles.Heading.Render(c.key), c.format))
		}
		what := "the papers shown"
		if m.markedOnly {
			what = "your reading list"
		}
		title, body, hint = "Export "+what, strings.Join(lines, "\n"), "to "+m.cfg.ExportTo+" · esc cancels"
		if m.cfg.Export == nil && m.cfg.ExportHint != "" {
			hint = "a key copies a small export to your clipboard · esc cancels\nfor a file, from your machine:\n" +
				m.remoteExportCommand(export.BibTeX)
		}
	}
	return m.styles.HelpBox.Render(m.styles.Heading.Render(title) + "\n\n" + body + "\n\n" + m.styles.Hint.Render(hint))
}

// openSavedList lists the saved searches, numbered as the 1-9 keys recall
// them.
func (m *Model) openSavedList() {
	var items []listItem
	for _, s := range m.personal.Saved {
		items = append(items, listItem{label: s.Name})
	}
	m.overlay = overlay{kind: overlaySavedList, items: items}
}

// openTagList lists the user's tags with how many papers carry each.
func (m *Model) openTagList() {
	counts := map[string]int{}
	for _, tags := range m.personal.Tags {
		for _, t := range tags {
			counts[t]++
		}
	}
	var items []listItem
	for t, n := range counts {
		items = append(items, listItem{label: t, count: n})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].count != items[j].count {
			return items[i].count > items[j].count
		}
		return items[i].label < items[j].label
	})
	m.overlay = overlay{kind: overlayTagList, items: items}
}

// listKey moves in a list dialog; Enter (or a digit in the saved list)
// applies the choice.
func (m Model) listKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	o := &m.overlay
	switch {
	case keyMatches(msg, m.keys.Up):
		o.cur = max(0, o.cur-1)
	case keyMatches(msg, m.keys.Down):
		o.cur = min(max(0, len(o.items)-1), o.cur+1)
	case o.kind == overlaySavedList && keyMatches(msg, m.keys.Recall):
		m.overlay = overlay{}
		return m, m.recall(int(msg.String()[0] - '0'))
	case msg.String() == "enter" && len(o.items) > 0:
		kind, item, n := o.kind, o.items[o.cur], o.cur+1
		m.overlay = overlay{}
		if kind == overlaySavedList {
			return m, m.recall(n)
		}
		m.input.SetValue(strings.TrimSpace(m.input.Value() + " tag:" + item.label))
		return m, m.startSearch(false)
	}
	return m, nil
}

func (m Model) listView() (title, body, hint string) {
	o := m.overlay
	title, hint = "Saved searches", "enter or 1-9 runs one · esc closes"
	empty := "none yet: S saves the current search"
	if o.kind == overlayTagList {
		title, hint, empty = "Your tags", "enter filters by the tag · esc closes", "none yet: t tags a paper"
	}
	if len(o.items) == 0 {
		return title, m.styles.Hint.Render(empty), hint
	}
	var lines []string
	for i, it := range o.items {
		line := it.label
		if o.kind == overlaySavedList {
			line = fmt.Sprintf("%d  %s", i+1, it.label)
		} else {
			line = fmt.Sprintf("#%-24s %d", it.label, it.count)
		}
		if i == o.cur {
			line = m.styles.RowSelected.Render("▸ " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return title, strings.Join(lines, "\n"), hint
}

// editorDoneMsg carries a note edited in $EDITOR.
type editorDoneMsg struct {
	pmid, text string
	err        error
}

// externalEdit suspends the UI, runs $EDITOR on the note, and saves what
// the editor leaves when it exits.
func (m Model) externalEdit(pmid, note string) (tea.Model, tea.Cmd) {
	m.overlay = overlay{}
	cmd, result, err := m.cfg.ExternalEditor(note)
	if err != nil {
		m.errText = "editor: " + oneLine(err.Error())
		return m, nil
	}
	return m, tea.ExecProcess(cmd, func(runErr error) tea.Msg {
		text, readErr := result()
		if runErr == nil {
			runErr = readErr
		}
		return editorDoneMsg{pmid: pmid, text: text, err: runErr}
	})
}
