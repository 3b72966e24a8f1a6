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
	overlayRenameSearch
	overlayConfirm
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
	// name is the saved search a rename or a yes/no dialog is about;
	// action is what yes does.
	name   string
	action confirmAction
	// original is the note as it was when the editor opened; discarding
	// is set while Esc asks whether to throw away the changes.
	original   string
	discarding bool
}

// listItem is one line of a list dialog.
type listItem struct {
	label  string
	count  int
	marked bool // a saved search of the reading list
}

// maxClipboard caps what copy sends through OSC 52.
const maxClipboard = 100 << 10

func (m *Model) openPrompt(kind overlayKind, p *store.Paper, value string) tea.Cmd {
	in := newInput()
	in.CharLimit = 500
	in.SetValue(value)
	in.SetWidth(max(20, min(60, m.width-10)))
	if kind == overlayTags {
		in.ShowSuggestions = true
		in.SetSuggestions(tagSuggestions(value, m.personal.Tags))
	}
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
	m.overlay = overlay{kind: overlayNote, paper: p, area: ta, original: ta.Value()}
	return m.overlay.area.Focus()
}

// overlayKey handles a key while a dialog is open.
func (m Model) overlayKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	o := &m.overlay
	if o.kind == overlayNote && o.discarding {
		return m.discardKey(msg)
	}
	if msg.String() == "esc" {
		if o.kind == overlayNote && o.area.Value() != o.original {
			o.discarding = true // a changed note is not thrown away unasked
			return m, nil
		}
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
	case overlayConfirm:
		return m.confirmKey(msg)
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
		kind, p, name := o.kind, o.paper, o.name
		m.overlay = overlay{}
		switch kind {
		case overlayTags:
			cmd := m.setTags(p.PMID, value)
			m.relayoutReader()
			return m, cmd
		case overlayRenameSearch:
			return m, m.renameSearch(name, value)
		}
		return m, m.saveSearch(value, false)
	}
	var cmd tea.Cmd
	o.input, cmd = o.input.Update(msg)
	if o.kind == overlayTags {
		o.input.SetSuggestions(tagSuggestions(o.input.Value(), m.personal.Tags))
	}
	return m, cmd
}

// discardKey answers "discard the changed note?": y throws the changes
// away, s saves them, anything else goes back to editing.
func (m Model) discardKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	o := &m.overlay
	switch msg.String() {
	case "y", "Y":
		m.overlay = overlay{}
		m.notice = "note left unchanged"
		return m, nil
	case "s", "S":
		cmd := m.setNote(o.paper.PMID, o.area.Value())
		m.overlay = overlay{}
		m.relayoutReader()
		return m, cmd
	}
	o.discarding = false
	return m, nil
}

// tagSuggestions completes the tag being typed (after the last comma) from
// the user's existing tags; Tab accepts the suggestion.
func tagSuggestions(value string, tags map[string][]string) []string {
	head := ""
	if i := strings.LastIndex(value, ","); i >= 0 {
		head = value[:i+1] + " "
		if strings.HasPrefix(value[i+1:], " ") {
			head = value[:i+2]
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, ts := range tags {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, head+t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// paperLabel names a paper in a dialog by its title, clipped, and PMID.
func paperLabel(p *store.Paper) string {
	return fmt.Sprintf("“%s” (PMID %s)", clipRunes(oneLine(p.Title), 50), oneLine(p.PMID))
}

// copyChoices are the copy menu's entries: key, label, value.
func copyChoices(p *store.Paper) [][3]string {
	out := [][3]string{{"p", "PMID", p.PMID}}
	if p.DOI != "" {
		out = append(out, [3]string{"d", "DOI", p.DOI})
	}
	if u := pubmedURL(p); u != "" {
		out = append(out, [3]string{"u", "PubMed link", u})
	}
	if u := doiURL(p.DOI); u != "" {
		out = append(out, [3]string{"l", "DOI link", u})
	}
	return append(out, [3]string{"c", "citation", export.Citation(p)})
}

// copyChoice puts the chosen text on the clipboard through OSC 52, which
// reaches the user's own clipboard over SSH and inside tmux. The clipboard
// is never read.
func (m Model) copyChoice(k string) (tea.Model, tea.Cmd) {
	for _, c := range copyChoices(m.overlay.paper) {
		if c[0] != k {
			continue
		}
		m.overlay = overlay{}
		text := oneLine(c[2]) // what is pasted later must not carry escapes either
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
		title, body, hint = "Tags for "+paperLabel(o.paper), o.input.View(), "comma-separated · tab completes · enter saves · esc cancels"
	case overlaySaveSearch:
		title, body, hint = "Save this search as", o.input.View(), "enter saves · esc cancels · 1-9 recall saved searches"
	case overlayNote:
		title, body, hint = "Note on "+paperLabel(o.paper), o.area.View(), "ctrl+s saves · esc cancels"
		if m.cfg.ExternalEditor != nil {
			hint += " · ctrl+e opens $EDITOR"
		}
		if o.discarding {
			hint = "Discard your changes? y discards · s saves · other keys edit"
		}
	case overlayCopy:
		var lines []string
		for _, c := range copyChoices(o.paper) {
			lines = append(lines, fmt.Sprintf("%s  %-12s %s", m.styles.Heading.Render(c[0]), c[1], clipRunes(oneLine(c[2]), 50)))
		}
		title, body, hint = "Copy from "+paperLabel(o.paper), strings.Join(lines, "\n"), "press a key · esc cancels"
	case overlaySavedList, overlayTagList:
		title, body, hint = m.listView()
	case overlayConfirm:
		title, body, hint = m.confirmView()
	case overlayRenameSearch:
		title, body, hint = fmt.Sprintf("Rename the saved search %q", o.name), o.input.View(), "enter renames · esc cancels"
	case overlayExport:
		var lines []string
		for _, c := range exportChoices {
			lines = append(lines, fmt.Sprintf("%s  %s", m.styles.Heading.Render(c.key), c.format.Label()))
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
