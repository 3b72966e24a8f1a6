package ui

import (
	"context"
	"errors"
	"strings"
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

// understood is what the line under the search box says about the query
// of the results shown: that no paper had every word (the list then holds
// those with most of them), what could not be honoured, and how clauses
// were read (entities, filters, field tags).
type understood struct {
	partial        string
	notes, details []string
}

func understoodFrom(res index.Result) understood {
	return understood{partial: res.Partial.String(), notes: res.Notes, details: res.Details}
}

func (u understood) empty() bool {
	return u.partial == "" && len(u.notes) == 0 && len(u.details) == 0
}

// parts renders the line's pieces, the most important first: a narrow
// terminal cuts the end.
func (u understood) parts(st Styles) []string {
	var out []string
	if u.partial != "" {
		out = append(out, st.Filter.Render(oneLine(u.partial)))
	}
	for _, n := range u.notes {
		out = append(out, st.Error.Render(oneLine(n)))
	}
	if len(u.details) > 0 {
		out = append(out, st.Hint.Render(oneLine("Query: "+strings.Join(u.details, " · "))))
	}
	return out
}
