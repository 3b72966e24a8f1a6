package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Themes a user can ask for with --theme or FOLLICLE_THEME.
const (
	ThemeAuto  = "auto"
	ThemeLight = "light"
	ThemeDark  = "dark"
)

// ParseTheme checks a theme name ("" is auto).
func ParseTheme(s string) (string, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "", ThemeAuto:
		return ThemeAuto, nil
	case ThemeLight, ThemeDark:
		return t, nil
	}
	return "", fmt.Errorf("unknown theme %q: want light, dark or auto", s)
}

// darkFromColorFGBG reads COLORFGBG ("15;0", "0;default;15"): its last
// field is the background's colour number, dark for 0-6 and 8. ok is false
// when the value says nothing.
func darkFromColorFGBG(v string) (dark, ok bool) {
	fields := strings.Split(v, ";")
	n, err := strconv.Atoi(strings.TrimSpace(fields[len(fields)-1]))
	if err != nil || n < 0 || n > 15 {
		return false, false
	}
	return n <= 6 || n == 8, true
}

// initialTheme is the background the explorer assumes before (or instead
// of) the terminal's answer: the theme asked for, else COLORFGBG, else
// dark. fixed says the terminal's answer is to be ignored.
func initialTheme(theme, colorFGBG string) (dark, fixed bool) {
	switch theme {
	case ThemeLight:
		return false, true
	case ThemeDark:
		return true, true
	}
	if d, ok := darkFromColorFGBG(colorFGBG); ok {
		return d, false
	}
	return true, false
}

// applyStyles rebuilds the styles for the background and colour support
// the model knows of.
func (m *Model) applyStyles() {
	m.styles = newStyles(m.dark, m.colour)
	m.help.Styles = m.styles.Help
	// The search box's text in the theme's colours (its defaults are ANSI
	// white and grey, faint on a light background).
	in := m.input.Styles()
	for _, s := range []*textinput.StyleState{&in.Focused, &in.Blurred} {
		s.Text, s.Placeholder, s.Suggestion = m.styles.Row, m.styles.Hint, m.styles.Hint
	}
	m.input.SetStyles(in)
	m.stylesGen++
	m.relayoutReader()
}

// themeMsg handles the terminal's background colour and colour profile.
func (m Model) themeMsg(msg tea.Msg) Model {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		if m.themeFixed {
			return m
		}
		m.dark = msg.IsDark()
	case tea.ColorProfileMsg:
		m.colour = msg.Profile > colorprofile.ASCII
	}
	m.applyStyles()
	return m
}
