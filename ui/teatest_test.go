package ui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestProgramFlow runs the model inside a real Bubble Tea program: the
// opening search renders, typing narrows the papers, Enter opens the reader,
// and q quits cleanly.
func TestProgramFlow(t *testing.T) {
	f := newFake(t)
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: 5 * time.Millisecond, ReadAfter: -1})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "Papers 6")
	tm.Send(tea.KeyPressMsg{Code: '/', Text: "/"})
	tm.Type("hydroxy")
	waitFor(t, tm, "Papers 1")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "PMID: 1003")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.input.Value() != "hydroxy" || final.reader != nil || final.total != 1 {
		t.Fatalf("final model: query %q, reader open %v, total %d", final.input.Value(), final.reader != nil, final.total)
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}
