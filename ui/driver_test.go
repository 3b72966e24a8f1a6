package ui

import (
	"context"
	"image/color"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store/storetest"
)

// fakeSearcher wraps a real in-memory index of the fixture library, records
// every request, and can fail or stall on demand, so tests control what the
// UI sees. Took is fixed so golden views are stable.
type fakeSearcher struct {
	ix       *index.Index
	mu       sync.Mutex
	requests []index.Request
	err      error
}

func (f *fakeSearcher) Search(ctx context.Context, r index.Request) (index.Result, error) {
	f.mu.Lock()
	f.requests = append(f.requests, r)
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return index.Result{}, err
	}
	res, err := f.ix.Search(ctx, r)
	res.Took = 1500 * time.Microsecond
	return res, err
}

func (f *fakeSearcher) last() index.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

func (f *fakeSearcher) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func newFake(t *testing.T) *fakeSearcher { return newFakeB(t) }

func newFakeB(t testing.TB) *fakeSearcher {
	t.Helper()
	ix, err := index.NewMemOnly(context.Background(), storetest.Library(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return &fakeSearcher{ix: ix}
}

// newTestModel returns a model of size w×h that has run its opening search.
func newTestModel(t *testing.T, f *fakeSearcher, w, h int) Model {
	t.Helper()
	m := New(Config{Searcher: f, Library: f.ix.Library(), Debounce: time.Millisecond, ReadAfter: -1})
	m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return run(t, m, m.Init())
}

// send delivers msg and runs the commands it returns.
func send(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	return run(t, next.(Model), cmd)
}

// run executes cmd like the Bubble Tea runtime would and feeds back the
// messages the UI acts on. A command that does not return within two
// seconds fails the test: the UI must not wait on anything slow.
func run(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	for _, msg := range collect(cmd) {
		next, more := m.Update(msg)
		m = run(t, next.(Model), more)
	}
	return m
}

func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(2 * time.Second):
		panic("a command did not return within 2s")
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, collect(c)...)
		}
		return out
	case debounceMsg, searchResultMsg, tea.BackgroundColorMsg, stateSavedMsg, readTickMsg, exportDoneMsg, openedMsg:
		return []tea.Msg{msg}
	}
	return nil
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// typeText sends each rune of s as a key press.
func typeText(t *testing.T, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = send(t, m, press(string(r)))
	}
	return m
}

func background(dark bool) tea.BackgroundColorMsg {
	if dark {
		return tea.BackgroundColorMsg{Color: color.Black}
	}
	return tea.BackgroundColorMsg{Color: color.White}
}
