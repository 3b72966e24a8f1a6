package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
)

// Searcher runs one search. *index.Index implements it; UI tests use a fake.
type Searcher interface {
	Search(ctx context.Context, r index.Request) (index.Result, error)
}

// debounceMsg fires after the typing pause; only the newest one searches.
type debounceMsg struct{ seq int }

// searchResultMsg carries one search's outcome back to the event loop. seq
// identifies the search so a result that arrives after a newer search
// started is dropped.
type searchResultMsg struct {
	seq    int
	more   bool // a further page of the same search, to append
	req    index.Request
	result index.Result
	err    error
}

// debounceCmd waits d and then reports seq.
func debounceCmd(seq int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return debounceMsg{seq: seq} })
}

// searchCmd runs r off the event loop. It captures only values: the
// searcher, the request, the context that a newer search cancels, the
// sequence number.
func searchCmd(ctx context.Context, s Searcher, r index.Request, seq int, more bool, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		res, err := s.Search(ctx, r)
		if errors.Is(err, context.DeadlineExceeded) {
			err = errors.New("search took longer than " + timeout.String() + "; try a narrower query")
		}
		return searchResultMsg{seq: seq, more: more, req: r, result: res, err: err}
	}
}
