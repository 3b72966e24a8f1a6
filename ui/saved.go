package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// savedIndex is the position of the saved search called name, or -1.
func (m Model) savedIndex(name string) int {
	return slices.IndexFunc(m.personal.Saved, func(s store.SavedSearch) bool { return s.Name == name })
}

// saveSearch saves the current search (query, filters, reading list, sort)
// as name. Searches are numbered in order of creation, so saving one never
// renumbers another; a name in use is replaced only after the user agrees,
// and keeps its number.
func (m *Model) saveSearch(name string, replace bool) tea.Cmd {
	name = strings.TrimSpace(name)
	if name == "" {
		m.notice = "a saved search needs a name"
		return nil
	}
	i := m.savedIndex(name)
	if i >= 0 && !replace {
		m.overlay = overlay{kind: overlayConfirm, action: confirmReplace, name: name}
		return nil
	}
	ss := store.SavedSearch{Name: name, Query: m.input.Value(), Conditions: m.filters.conditions,
		Drugs: m.filters.drugs, Source: m.filters.source, Sort: m.sort.String(), MarkedOnly: m.markedOnly, Created: time.Now()}
	if i >= 0 {
		ss.Created = m.personal.Saved[i].Created
		m.personal.Saved = slices.Clone(m.personal.Saved)
		m.personal.Saved[i] = ss
	} else {
		m.personal.Saved = append(slices.Clone(m.personal.Saved), ss)
		i = len(m.personal.Saved) - 1
	}
	user := m.cfg.User
	cmd := m.persist("saved:"+ss.Name, fmt.Sprintf("saved search %q", ss.Name), func(s StateStore) error { return s.SaveSearch(user, ss) })
	if m.writer != nil {
		m.notice = fmt.Sprintf("saved as search %d, %q (%d recalls it)", i+1, name, i+1)
	}
	return cmd
}

// deleteSearch removes the saved search called name.
func (m *Model) deleteSearch(name string) tea.Cmd {
	i := m.savedIndex(name)
	if i < 0 {
		return nil
	}
	m.personal.Saved = slices.Delete(slices.Clone(m.personal.Saved), i, i+1)
	user := m.cfg.User
	cmd := m.persist("saved:"+name, fmt.Sprintf("deletion of saved search %q", name), func(s StateStore) error { return s.DeleteSearch(user, name) })
	if m.writer != nil {
		m.notice = fmt.Sprintf("deleted saved search %q", name)
	}
	return cmd
}

// renameSearch renames a saved search, keeping its number; a name already
// in use is refused.
func (m *Model) renameSearch(from, to string) tea.Cmd {
	to = strings.TrimSpace(to)
	i := m.savedIndex(from)
	switch {
	case i < 0 || to == from:
		return nil
	case to == "":
		m.notice = "a saved search needs a name"
		return nil
	case m.savedIndex(to) >= 0:
		m.notice = fmt.Sprintf("a saved search is already called %q", to)
		return nil
	}
	m.personal.Saved = slices.Clone(m.personal.Saved)
	m.personal.Saved[i].Name = to
	user := m.cfg.User
	cmd := m.persist("saved:"+from, fmt.Sprintf("renaming of saved search %q", from), func(s StateStore) error { return s.RenameSearch(user, from, to) })
	if m.writer != nil {
		m.notice = fmt.Sprintf("renamed saved search %d to %q", i+1, to)
	}
	return cmd
}

// recall applies the nth saved search (1-based, in order of creation).
func (m *Model) recall(n int) tea.Cmd {
	if n < 1 || n > len(m.personal.Saved) {
		m.notice = fmt.Sprintf("no saved search %d (S saves the current one)", n)
		return nil
	}
	ss := m.personal.Saved[n-1]
	m.setQuery(ss.Query)
	m.filters = filters{conditions: ss.Conditions, drugs: ss.Drugs, source: ss.Source}
	m.markedOnly = ss.MarkedOnly
	m.sort, _ = index.ParseSort(ss.Sort)
	m.notice = fmt.Sprintf("saved search %d, %q", n, ss.Name)
	return m.startSearch(false)
}

// confirmAction is what a yes/no dialog does on yes.
type confirmAction int

const (
	confirmReplace confirmAction = iota // replace the saved search called name
	confirmDelete                       // delete the saved search called name
)

// confirmKey answers a yes/no dialog: y or Enter does it, n or Esc not.
func (m Model) confirmKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	o := m.overlay
	switch msg.String() {
	case "y", "Y", "enter":
		m.overlay = overlay{}
		if o.action == confirmDelete {
			return m, m.deleteSearch(o.name)
		}
		return m, m.saveSearch(o.name, true)
	case "n", "N":
		m.overlay = overlay{}
		m.notice = "nothing changed"
	}
	return m, nil
}

// confirmView is the yes/no dialog's title, body and hint.
func (m Model) confirmView() (title, body, hint string) {
	if m.overlay.action == confirmDelete {
		return "Delete saved search", fmt.Sprintf("Delete the saved search %q?", m.overlay.name), "y deletes · n or esc keeps it"
	}
	return "Replace saved search", fmt.Sprintf("A search is already saved as %q. Replace it with this one?", m.overlay.name), "y replaces · n or esc keeps the old one"
}
