package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the UI draws with. It is a value built by
// NewStyles for the terminal's background; no style lives in a package
// variable, so two SSH sessions with different terminals never share one.
type Styles struct {
	App          lipgloss.Style
	Title        lipgloss.Style
	BorderLine   lipgloss.Style
	BorderLineOn lipgloss.Style
	PaneTitle    lipgloss.Style
	PaneTitleOn  lipgloss.Style
	Row          lipgloss.Style
	RowSelected  lipgloss.Style
	RowActive    lipgloss.Style // an entity that is an active filter
	RowZero      lipgloss.Style // an entity with no paper under the search
	Count        lipgloss.Style
	Meta         lipgloss.Style
	Snippet      lipgloss.Style
	Highlight    lipgloss.Style
	FindMatch    lipgloss.Style
	FindCurrent  lipgloss.Style // the match n and N are on
	// MentionCondition and MentionDrug mark where the reader's paper names
	// a condition or a drug (h toggles them): colour, and bold or italic
	// so they differ without colour too.
	MentionCondition lipgloss.Style
	MentionDrug      lipgloss.Style
	Filter           lipgloss.Style
	Hint             lipgloss.Style
	Position         lipgloss.Style // "12/253" in a pane's bottom edge
	Status           lipgloss.Style
	Error            lipgloss.Style
	Tab              lipgloss.Style
	TabActive        lipgloss.Style
	Heading          lipgloss.Style
	Label            lipgloss.Style
	HelpBox          lipgloss.Style
	SearchPrompt     lipgloss.Style
	// Help styles the footer and the help overlay's keys.
	Help help.Styles
	// Colourless is set when the terminal shows no colour (NO_COLOR, or
	// TERM=dumb, which strips every attribute too): the focused pane then
	// gets a double border and the selected row a ▸, which need neither.
	Colourless bool
}

// NewStyles builds the styles for a dark or light background, in colour.
func NewStyles(dark bool) Styles { return newStyles(dark, true) }

// newStyles builds the styles for a background, with colour or without.
// In colour the selection is an explicit background (so pictures rendered
// without reverse video show it too); without colour it is reverse video.
// Text (hints, footer, status) keeps a contrast of at least 4.5:1 on a
// white or a #1E1E1E background (TestTextContrast). Underline is avoided:
// Lip Gloss styles underlined text rune by rune, which multiplies the bytes
// sent per frame.
func newStyles(dark, colour bool) Styles {
	st := colourStyles(dark)
	if !colour {
		st.Colourless = true
		// Reverse video marks what colour marked; rendered pictures
		// (freeze) draw no reverse, which is why colour does not use it.
		reverse := lipgloss.NewStyle().Bold(true).Reverse(true)
		st.RowSelected, st.PaneTitleOn, st.Highlight, st.FindMatch = reverse, reverse, reverse, reverse
		st.TabActive = reverse.Padding(0, 1)
		st.FindCurrent = lipgloss.NewStyle().Bold(true)
	}
	return st
}

// Reference backgrounds for the contrast of text: a terminal's light and a
// common dark background.
const (
	lightBackground = "#FFFFFF"
	darkBackground  = "#1E1E1E"
)

func colourStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#6A3FB5"), lipgloss.Color("#B79CFF"))
	muted := ld(lipgloss.Color("#595959"), lipgloss.Color("#ABABAB"))
	hint := ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#8F8F8F"))
	faint := ld(lipgloss.Color("#A0A0A0"), lipgloss.Color("#5C5C5C")) // borders and empty rows, not text to read
	text := ld(lipgloss.Color("#1E1E1E"), lipgloss.Color("#E6E6E6"))
	hlBg := ld(lipgloss.Color("#FFE08A"), lipgloss.Color("#7A5C00"))
	hlFg := ld(lipgloss.Color("#000000"), lipgloss.Color("#FFF4D6"))
	errFg := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B6B"))
	selBg := ld(lipgloss.Color("#E4DAF7"), lipgloss.Color("#3B2F5C"))
	onAccent := ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000"))
	green := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#7FD19B"))

	border := lipgloss.RoundedBorder()
	return Styles{
		App:          lipgloss.NewStyle().Foreground(text),
		Title:        lipgloss.NewStyle().Bold(true).Foreground(accent),
		BorderLine:   lipgloss.NewStyle().Foreground(faint),
		BorderLineOn: lipgloss.NewStyle().Foreground(accent),
		PaneTitle:    lipgloss.NewStyle().Foreground(muted),
		PaneTitleOn:  lipgloss.NewStyle().Bold(true).Foreground(onAccent).Background(accent),
		Row:          lipgloss.NewStyle().Foreground(text),
		RowSelected:  lipgloss.NewStyle().Bold(true).Background(selBg).Foreground(text),
		RowActive:    lipgloss.NewStyle().Bold(true).Foreground(green),
		RowZero:      lipgloss.NewStyle().Foreground(faint),
		Count:        lipgloss.NewStyle().Foreground(muted),
		Meta:         lipgloss.NewStyle().Foreground(muted),
		Snippet:      lipgloss.NewStyle().Foreground(muted),
		// Explicit colours, not reverse video: without colour newStyles
		// turns these into reverse video.
		Highlight: lipgloss.NewStyle().Bold(true).Foreground(hlFg).Background(hlBg),
		FindMatch: lipgloss.NewStyle().Bold(true).Foreground(hlFg).Background(hlBg),
		// The current match: the accent colour behind it, so it stands out
		// from the others (bold only, without colour, beside their reverse).
		FindCurrent:      lipgloss.NewStyle().Bold(true).Foreground(onAccent).Background(accent),
		MentionCondition: lipgloss.NewStyle().Bold(true).Foreground(green),
		MentionDrug:      lipgloss.NewStyle().Italic(true).Foreground(accent),
		Filter:           lipgloss.NewStyle().Bold(true).Foreground(green),
		Hint:             lipgloss.NewStyle().Foreground(hint),
		Position:         lipgloss.NewStyle().Foreground(muted),
		Status:           lipgloss.NewStyle().Foreground(muted),
		Error:            lipgloss.NewStyle().Bold(true).Foreground(errFg),
		Tab:              lipgloss.NewStyle().Foreground(muted).Padding(0, 1),
		TabActive:        lipgloss.NewStyle().Bold(true).Foreground(onAccent).Background(accent).Padding(0, 1),
		Heading:          lipgloss.NewStyle().Bold(true).Foreground(accent),
		Label:            lipgloss.NewStyle().Bold(true).Foreground(muted),
		HelpBox:          lipgloss.NewStyle().Border(border).BorderForeground(accent).Padding(0, 1),
		SearchPrompt:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Help: help.Styles{
			Ellipsis:       lipgloss.NewStyle().Foreground(hint),
			ShortKey:       lipgloss.NewStyle().Foreground(muted),
			ShortDesc:      lipgloss.NewStyle().Foreground(hint),
			ShortSeparator: lipgloss.NewStyle().Foreground(hint),
			FullKey:        lipgloss.NewStyle().Foreground(muted),
			FullDesc:       lipgloss.NewStyle().Foreground(hint),
			FullSeparator:  lipgloss.NewStyle().Foreground(hint),
		},
	}
}
