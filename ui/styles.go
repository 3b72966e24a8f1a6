package ui

import (
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
	// MentionCondition and MentionDrug mark where the reader's paper names
	// a condition or a drug (h toggles them): colour, and bold or italic
	// so they differ without colour too.
	MentionCondition lipgloss.Style
	MentionDrug      lipgloss.Style
	Filter           lipgloss.Style
	Hint             lipgloss.Style
	Status           lipgloss.Style
	Error            lipgloss.Style
	Tab              lipgloss.Style
	TabActive        lipgloss.Style
	Heading          lipgloss.Style
	Label            lipgloss.Style
	HelpBox          lipgloss.Style
	SearchPrompt     lipgloss.Style
}

// NewStyles builds the styles for a dark or light background. Selection and
// highlights also use reverse and bold, so they stay visible when NO_COLOR
// strips every colour. Underline is avoided: Lip Gloss styles underlined text
// rune by rune, which multiplies the bytes sent per frame.
func NewStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#6A3FB5"), lipgloss.Color("#B79CFF"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8A8A8A"))
	faint := ld(lipgloss.Color("#A0A0A0"), lipgloss.Color("#5C5C5C"))
	text := ld(lipgloss.Color("#1E1E1E"), lipgloss.Color("#E6E6E6"))
	hlBg := ld(lipgloss.Color("#FFE08A"), lipgloss.Color("#7A5C00"))
	hlFg := ld(lipgloss.Color("#000000"), lipgloss.Color("#FFF4D6"))
	errFg := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B6B"))
	selBg := ld(lipgloss.Color("#E4DAF7"), lipgloss.Color("#3B2F5C"))
	green := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#7FD19B"))

	border := lipgloss.RoundedBorder()
	return Styles{
		App:          lipgloss.NewStyle().Foreground(text),
		Title:        lipgloss.NewStyle().Bold(true).Foreground(accent),
		BorderLine:   lipgloss.NewStyle().Foreground(faint),
		BorderLineOn: lipgloss.NewStyle().Foreground(accent),
		PaneTitle:    lipgloss.NewStyle().Foreground(muted),
		PaneTitleOn:  lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(accent),
		Row:          lipgloss.NewStyle().Foreground(text),
		RowSelected:  lipgloss.NewStyle().Bold(true).Background(selBg).Foreground(text),
		RowActive:    lipgloss.NewStyle().Bold(true).Foreground(green),
		RowZero:      lipgloss.NewStyle().Foreground(faint),
		Count:        lipgloss.NewStyle().Foreground(muted),
		Meta:         lipgloss.NewStyle().Foreground(muted),
		Snippet:      lipgloss.NewStyle().Foreground(muted),
		// Colours are given swapped and reversed, so that without colour
		// (NO_COLOR) a highlight is still shown in reverse video.
		Highlight:        lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(hlBg).Background(hlFg),
		FindMatch:        lipgloss.NewStyle().Reverse(true).Bold(true),
		MentionCondition: lipgloss.NewStyle().Bold(true).Foreground(green),
		MentionDrug:      lipgloss.NewStyle().Italic(true).Foreground(accent),
		Filter:           lipgloss.NewStyle().Bold(true).Foreground(green),
		Hint:             lipgloss.NewStyle().Foreground(faint),
		Status:           lipgloss.NewStyle().Foreground(muted),
		Error:            lipgloss.NewStyle().Bold(true).Foreground(errFg),
		Tab:              lipgloss.NewStyle().Foreground(muted).Padding(0, 1),
		TabActive:        lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(accent).Padding(0, 1),
		Heading:          lipgloss.NewStyle().Bold(true).Foreground(accent),
		Label:            lipgloss.NewStyle().Bold(true).Foreground(muted),
		HelpBox:          lipgloss.NewStyle().Border(border).BorderForeground(accent).Padding(0, 1),
		SearchPrompt:     lipgloss.NewStyle().Bold(true).Foreground(accent),
	}
}
