package ui

import (
	"image/color"
	"math"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// luminance is WCAG 2's relative luminance of a colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestTextContrast: footer, hint, status and position text reach 4.5:1
// (WCAG AA) on a light and a dark background.
func TestTextContrast(t *testing.T) {
	if r := contrast(lipgloss.Color("#777777"), lipgloss.Color("#FFFFFF")); math.Abs(r-4.48) > 0.01 {
		t.Fatalf("contrast formula: #777 on white is 4.48, got %.2f", r)
	}
	for _, dark := range []bool{false, true} {
		st := NewStyles(dark)
		bg := lipgloss.Color(lightBackground)
		if dark {
			bg = lipgloss.Color(darkBackground)
		}
		styles := map[string]lipgloss.Style{
			"hint": st.Hint, "status": st.Status, "meta": st.Meta, "position": st.Position, "count": st.Count,
			"footer key": st.Help.ShortKey, "footer text": st.Help.ShortDesc, "footer separator": st.Help.ShortSeparator,
			"footer ellipsis": st.Help.Ellipsis, "help key": st.Help.FullKey, "help text": st.Help.FullDesc,
			"filter": st.Filter, "error": st.Error,
		}
		for name, s := range styles {
			if r := contrast(s.GetForeground(), bg); r < 4.5 {
				t.Errorf("dark=%v: %s text has a contrast of %.2f:1, want 4.5:1", dark, name, r)
			}
		}
	}
}

func TestThemeChoice(t *testing.T) {
	cases := []struct {
		theme, fgbg string
		dark, fixed bool
	}{
		{ThemeLight, "15;0", false, true},
		{ThemeDark, "0;15", true, true},
		{ThemeAuto, "0;15", false, false},
		{ThemeAuto, "15;default;0", true, false},
		{ThemeAuto, "", true, false},
		{ThemeAuto, "garbage", true, false},
	}
	for _, tc := range cases {
		dark, fixed := initialTheme(tc.theme, tc.fgbg)
		if dark != tc.dark || fixed != tc.fixed {
			t.Errorf("theme %q COLORFGBG %q: dark %v fixed %v, want %v %v", tc.theme, tc.fgbg, dark, fixed, tc.dark, tc.fixed)
		}
	}
	if _, err := ParseTheme("sepia"); err == nil {
		t.Error("an unknown theme must be refused")
	}
	f := newFake(t)
	m := New(Config{Searcher: f, Library: f.ix.Library(), Theme: ThemeLight, ReadAfter: -1})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(t, m, m.Init())
	m = send(t, m, background(true))
	if m.dark || m.styles.Hint.GetForeground() != NewStyles(false).Hint.GetForeground() {
		t.Fatal("--theme light must ignore the terminal's dark answer")
	}
	m2 := New(Config{Searcher: f, Library: f.ix.Library(), ColorFGBG: "0;15", ReadAfter: -1})
	if m2.dark {
		t.Fatal("COLORFGBG with a light background should start light")
	}
	m2 = send(t, m2, background(true))
	if !m2.dark {
		t.Fatal("the terminal's answer wins over COLORFGBG")
	}
}

// TestWithoutColour: with NO_COLOR the selection is reverse video and the
// focused pane has a double border, so both show with no colour at all.
func TestWithoutColour(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	m = send(t, m, tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	if !m.styles.Colourless || !m.styles.RowSelected.GetReverse() {
		t.Fatal("without colour the selection is reverse video")
	}
	m = send(t, m, press("tab"))
	s := screen(m)
	if !strings.Contains(s, "╔═ Conditions") || !strings.Contains(s, "╭─ Papers") {
		t.Fatalf("the focused pane has a double border:\n%s", s)
	}
	if !strings.Contains(s, "▸ alopecia areata") {
		t.Fatalf("the selected row is marked:\n%s", s)
	}
	m = send(t, m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	if m.styles.Colourless || m.styles.RowSelected.GetReverse() {
		t.Fatal("in colour the selection is an explicit background")
	}
}
