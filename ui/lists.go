package ui

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// openSavedList lists the saved searches, numbered as the 1-9 keys recall
// them.
func (m *Model) openSavedList() {
	var items []listItem
	for _, s := range m.personal.Saved {
		items = append(items, listItem{label: s.Name, marked: s.MarkedOnly})
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
	case o.kind == overlaySavedList && len(o.items) > 0 && msg.String() == "r":
		name := o.items[o.cur].label
		cmd := m.openPrompt(overlayRenameSearch, nil, name)
		m.overlay.name = name
		return m, cmd
	case o.kind == overlaySavedList && len(o.items) > 0 && msg.String() == "d":
		m.overlay = overlay{kind: overlayConfirm, action: confirmDelete, name: o.items[o.cur].label}
		return m, nil
	case msg.String() == "enter" && len(o.items) > 0:
		kind, item, n := o.kind, o.items[o.cur], o.cur+1
		m.overlay = overlay{}
		if kind == overlaySavedList {
			return m, m.recall(n)
		}
		m.setQuery(strings.TrimSpace(m.input.Value() + " tag:" + item.label))
		return m, m.startSearch(false)
	}
	return m, nil
}

func (m Model) listView() (title, body, hint string) {
	o := m.overlay
	title, hint = "Saved searches", "enter or 1-9 runs one · r renames · d deletes · esc closes"
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
			if it.marked {
				line += m.styles.Hint.Render("  (reading list)")
			}
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
