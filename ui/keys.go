package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key binding. The help line and the help overlay are
// generated from these same bindings, so they cannot drift from what the
// code matches.
type KeyMap struct {
	Quit        key.Binding
	ForceQuit   key.Binding
	Help        key.Binding
	Search      key.Binding
	NextPane    key.Binding
	PrevPane    key.Binding
	Up          key.Binding
	Down        key.Binding
	Top         key.Binding
	Bottom      key.Binding
	HalfUp      key.Binding
	HalfDown    key.Binding
	Select      key.Binding
	Open        key.Binding
	Back        key.Binding
	Close       key.Binding // the reader's back: q as well as esc
	PrevPaper   key.Binding
	NextPaper   key.Binding
	ClearFilter key.Binding
	Undo        key.Binding
	FilterList  key.Binding // type to narrow the conditions or drugs pane
	Compact     key.Binding
	HistoryBack key.Binding // in the search box: the earlier query
	HistoryFwd  key.Binding // in the search box: the later query
	Sort        key.Binding
	Source      key.Binding
	Find        key.Binding
	FindNext    key.Binding
	FindPrev    key.Binding
	Submit      key.Binding
	Mark        key.Binding
	MarkedOnly  key.Binding
	ToggleRead  key.Binding
	Tag         key.Binding
	Note        key.Binding
	Copy        key.Binding
	SaveSearch  key.Binding
	Recall      key.Binding
	Export      key.Binding
	SaveNote    key.Binding
	OpenLink    key.Binding
	ExtEditor   key.Binding
	SavedList   key.Binding
	TagList     key.Binding
	Mentions    key.Binding

	// AcceptSuggestion runs the "did you mean" query; ctrl+y works while
	// typing, where every letter is text. The status line names it beside
	// each suggestion, so the help overlay (and its golden views) leave it
	// out.
	AcceptSuggestion key.Binding
}

// NewKeyMap returns the default bindings: arrows and vim keys.
func NewKeyMap() KeyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	return KeyMap{
		Quit:        b([]string{"q"}, "q", "quit"),
		ForceQuit:   b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:        b([]string{"?"}, "?", "help"),
		Search:      b([]string{"/"}, "/", "search"),
		NextPane:    b([]string{"tab"}, "tab", "next pane"),
		PrevPane:    b([]string{"shift+tab"}, "shift+tab", "previous pane"),
		Up:          b([]string{"up", "k"}, "↑/k", "up"),
		Down:        b([]string{"down", "j"}, "↓/j", "down"),
		Top:         b([]string{"g", "home"}, "g", "top"),
		Bottom:      b([]string{"G", "end"}, "G", "bottom"),
		HalfUp:      b([]string{"ctrl+u", "pgup"}, "ctrl+u", "page up"),
		HalfDown:    b([]string{"ctrl+d", "pgdown"}, "ctrl+d", "page down"),
		Select:      b([]string{"enter", "space"}, "enter", "filter by it"),
		Open:        b([]string{"enter"}, "enter", "read paper"),
		Back:        b([]string{"esc"}, "esc", "back"),
		Close:       b([]string{"q", "esc"}, "q/esc", "close the paper"),
		PrevPaper:   b([]string{"[", "K"}, "[/K", "previous paper"),
		NextPaper:   b([]string{"]", "J"}, "]/J", "next paper"),
		ClearFilter: b([]string{"x", "esc"}, "x/esc", "clear filters"),
		Undo:        b([]string{"u"}, "u", "undo clearing the filters"),
		FilterList:  b([]string{"F"}, "F", "filter this list by name"),
		Compact:     b([]string{"c"}, "c", "one line per paper"),
		HistoryBack: b([]string{"up"}, "↑/↓", "earlier/later queries"),
		HistoryFwd:  key.NewBinding(key.WithKeys("down")),
		Sort:        b([]string{"s"}, "s", "cycle sort"),
		Source:      b([]string{"f"}, "f", "bundled/imported"),
		Find:        b([]string{"/"}, "/", "find in paper"),
		FindNext:    b([]string{"n"}, "n", "next match"),
		FindPrev:    b([]string{"N"}, "N", "previous match"),
		Submit:      b([]string{"enter"}, "enter", "go to papers"),
		Mark:        b([]string{"space"}, "space", "mark for reading list"),
		MarkedOnly:  b([]string{"m"}, "m", "reading list only"),
		ToggleRead:  b([]string{"r"}, "r", "read/unread"),
		Tag:         b([]string{"t"}, "t", "edit tags"),
		Note:        b([]string{"e"}, "e", "edit note"),
		Copy:        b([]string{"y"}, "y", "copy PMID/DOI/link/citation"),
		SaveSearch:  b([]string{"S"}, "S", "save this search"),
		Recall:      b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "saved searches"),
		Export:      b([]string{"E"}, "E", "export"),
		SaveNote:    b([]string{"ctrl+s"}, "ctrl+s", "save note"),
		OpenLink:    b([]string{"o"}, "o", "open on PubMed"),
		ExtEditor:   b([]string{"ctrl+e"}, "ctrl+e", "note in $EDITOR"),
		SavedList:   b([]string{"L"}, "L", "list saved searches"),
		TagList:     b([]string{"#"}, "#", "your tags"),
		Mentions:    b([]string{"h"}, "h", "mentions"),

		AcceptSuggestion: b([]string{"ctrl+y"}, "ctrl+y", "accept did you mean"),
	}
}

// withoutPersonal turns off (and so hides from the footer and the help)
// the keys of what a session without state cannot keep: marks, read
// status, tags, notes, saved searches and export.
func (k KeyMap) withoutPersonal() KeyMap {
	for _, b := range []*key.Binding{&k.Mark, &k.MarkedOnly, &k.ToggleRead, &k.Tag, &k.Note, &k.SaveNote, &k.ExtEditor,
		&k.SaveSearch, &k.Recall, &k.SavedList, &k.TagList, &k.Export} {
		b.SetEnabled(false)
	}
	return k
}

// shortHelp is the one-line help for where the focus is; the help key is
// added after it by helpLine, so it is never cut off.
func (k KeyMap) shortHelp(f focus, reading bool) []key.Binding {
	switch {
	case reading:
		return []key.Binding{k.Close, k.NextPaper, k.Down, k.Find, k.FindNext, k.Mark, k.ToggleRead, k.Tag, k.Note, k.Copy}
	case f == focusSearch:
		return []key.Binding{k.Submit, k.Back, k.HistoryBack, k.ForceQuit}
	case f == focusPapers:
		return []key.Binding{k.Search, k.Open, k.Mark, k.Tag, k.Note, k.Copy, k.NextPane, k.Quit}
	default:
		return []key.Binding{k.Select, k.FilterList, k.Search, k.NextPane, k.ClearFilter, k.Quit}
	}
}

// fullHelp groups the bindings that work where the user is, for the help
// overlay (as lazygit's and k9s' help do), with a title for that place.
func (k KeyMap) fullHelp(f focus, reading bool) (string, [][]key.Binding) {
	move := []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.HalfUp, k.HalfDown}
	switch {
	case reading:
		return "Keys in the reader", [][]key.Binding{move,
			{k.Close, k.PrevPaper, k.NextPaper, k.Find, k.FindNext, k.FindPrev, k.Mentions, k.Help, k.ForceQuit},
			{k.Mark, k.ToggleRead, k.Tag, k.Note, k.Copy, k.OpenLink}}
	case f == focusSearch:
		return "Keys in the search box", [][]key.Binding{{k.Submit, k.Back, k.HistoryBack, k.NextPane, k.ForceQuit}}
	case f == focusPapers:
		return "Keys in the papers pane", [][]key.Binding{move,
			{k.Open, k.Search, k.NextPane, k.PrevPane, k.ClearFilter, k.Undo, k.Sort, k.Source, k.Compact, k.Help, k.Quit, k.ForceQuit},
			{k.Mark, k.MarkedOnly, k.ToggleRead, k.Tag, k.Note, k.Copy, k.OpenLink},
			{k.SaveSearch, k.Recall, k.SavedList, k.TagList, k.Export}}
	default:
		return "Keys in the conditions and drugs panes", [][]key.Binding{move,
			{k.Select, k.FilterList, k.Search, k.NextPane, k.PrevPane, k.ClearFilter, k.Undo, k.Sort, k.Source, k.Help, k.Quit, k.ForceQuit},
			{k.MarkedOnly, k.SaveSearch, k.Recall, k.SavedList, k.TagList, k.Export}}
	}
}

// filterBindings keeps the bindings whose key or description contains
// filter (any case), dropping groups left empty.
func filterBindings(groups [][]key.Binding, filter string) [][]key.Binding {
	if filter == "" {
		return groups
	}
	needle := strings.ToLower(filter)
	var out [][]key.Binding
	for _, g := range groups {
		var kept []key.Binding
		for _, b := range g {
			h := b.Help()
			if strings.Contains(strings.ToLower(h.Key+" "+h.Desc), needle) {
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}
