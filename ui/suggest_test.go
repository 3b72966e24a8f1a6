package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestDidYouMeanShownAndAccepted(t *testing.T) {
	f := newFake(t)
	m := newTestModel(t, f, 120, 40)
	ctrlY := tea.KeyPressMsg{Code: 'y', Mod: tea.ModCtrl}
	before := f.count()
	m = send(t, m, ctrlY)
	if f.count() != before {
		t.Fatal("ctrl+y with no suggestion started a search")
	}
	m = send(t, m, press("/"))
	m = typeText(t, m, "minoxdil")
	status := ansi.Strip(m.statusLine())
	if !strings.Contains(status, "did you mean: minoxidil (ctrl+y)") {
		t.Fatalf("status line %q: no suggestion", status)
	}
	m = send(t, m, ctrlY)
	if got := m.input.Value(); got != "minoxidil" {
		t.Errorf("search box %q after accepting, want minoxidil", got)
	}
	if got := f.last().Text; got != "minoxidil" {
		t.Errorf("last search %q, want minoxidil", got)
	}
	if m.total == 0 {
		t.Error("the corrected query found no paper")
	}
	if status := ansi.Strip(m.statusLine()); strings.Contains(status, "did you mean") {
		t.Errorf("status line %q still suggests after accepting", status)
	}
}
