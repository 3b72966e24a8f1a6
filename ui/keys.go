package ui

import "charm.land/bubbles/v2/key"

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
	ClearFilter key.Binding
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
		ClearFilter: b([]string{"x", "esc"}, "x/esc", "clear filters"),
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

		AcceptSuggestion: b([]string{"ctrl+y"}, "ctrl+y", "accept did you mean"),
	}
}

// shortHelp is the one-line help for where the focus is.
func (k KeyMap) shortHelp(f focus, reading bool) []key.Binding {
	switch {
	case reading:
		return []key.Binding{k.Back, k.Up, k.Down, k.Find, k.FindNext, k.Tag, k.Note, k.Copy, k.Help}
	case f == focusSearch:
		return []key.Binding{k.Submit, k.Back, k.ForceQuit}
	case f == focusPapers:
		return []key.Binding{k.Search, k.Open, k.Mark, k.Tag, k.Note, k.Copy, k.NextPane, k.Help, k.Quit}
	default:
		return []key.Binding{k.Search, k.Select, k.NextPane, k.Sort, k.ClearFilter, k.Help, k.Quit}
	}
}

// fullHelp groups every binding for the help overlay.
func (k KeyMap) fullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.HalfUp, k.HalfDown},
		{k.Search, k.Submit, k.NextPane, k.PrevPane, k.Select, k.ClearFilter, k.Sort, k.Source},
		{k.Open, k.Back, k.Find, k.FindNext, k.FindPrev, k.Help, k.Quit, k.ForceQuit},
		{k.Mark, k.MarkedOnly, k.ToggleRead, k.Tag, k.Note, k.Copy, k.OpenLink, k.SaveSearch, k.Recall, k.SavedList, k.TagList, k.Export},
	}
}
