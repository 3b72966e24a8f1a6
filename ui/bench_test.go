package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkKeystrokeFrame measures the event loop's share of a keystroke in
// the search box: Update (edit and debounce) plus View of the whole screen.
func BenchmarkKeystrokeFrame(b *testing.B) {
	f := newFakeB(b)
	var m tea.Model = New(Config{Searcher: f, Library: f.ix.Library()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = m.Update(press("/"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// Type a query of up to 12 characters, then clear it (ctrl+u), as a
		// user starting the next search would.
		k := press(string(rune('a' + i%26)))
		switch {
		case i%13 == 12:
			k = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
		case i%8 == 7:
			k = tea.KeyPressMsg{Code: tea.KeyBackspace}
		}
		m, _ = m.Update(k)
		_ = m.View()
	}
}
