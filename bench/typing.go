package main

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/ui"
)

// The typing run drives the real Bubble Tea program, with its real debounce
// and cancellation, on the benchmark's index, through a virtual terminal:
// the program reads keys from the terminal and writes its frames to it, and
// the terminal's screen says when a key showed and when a query's results
// did. Every prefix of each query is typed at a fast typist's pace.

// typingPace is the time between two keys: faster than the debounce allows
// a search to finish on a large library, so most searches are cancelled by
// the next key, as when a person types.
const typingPace = 50 * time.Millisecond

// typingQueries is how many queries the run types.
const typingQueries = 50

// typingFigures are the run's measurements.
type typingFigures struct {
	echoes  []time.Duration // key written → the frame that shows it
	results []time.Duration // last key of a query → the frame with its results
	bytes   int             // written by the program while typing
	keys    int
	started int // searches the program started
}

// typingTexts picks the queries to type, in turn from each class a person
// types whole (a prefix query is itself a half-typed word).
func typingTexts(qs []query) []string {
	byClass := map[string][]string{}
	var order []string
	for _, q := range qs {
		if q.class == "prefix" || q.class == "everything" || q.peerless() {
			continue
		}
		if byClass[q.class] == nil {
			order = append(order, q.class)
		}
		byClass[q.class] = append(byClass[q.class], q.text)
	}
	var out []string
	for i := 0; len(out) < typingQueries && len(order) > 0; i++ {
		added := false
		for _, c := range order {
			if i < len(byClass[c]) && len(out) < typingQueries {
				out = append(out, byClass[c][i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

// measureTyping types texts into the explorer and measures every echo and
// every query's results.
func measureTyping(ix *index.Index, texts []string) (*typingFigures, error) {
	const width, height = 120, 40
	term := newScreenWatcher(width, height)
	searcher := &countingSearcher{inner: ix, done: map[string]time.Time{}}
	// When a search's results draw exactly as the screen already shows
	// (the previous query's), no frame follows: they are visible as soon
	// as the search is done.
	searcher.onDone = term.checkAt
	m := ui.New(ui.Config{Searcher: searcher, Library: ix.Library()})
	p := tea.NewProgram(m, tea.WithInput(term.emu), tea.WithOutput(term), tea.WithWindowSize(width, height),
		tea.WithoutSignalHandler(), tea.WithFPS(ui.LocalFPS), tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		tea.WithColorProfile(colorprofile.ANSI256)) // as in a terminal: the cursor is a styled cell
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	defer func() {
		p.Quit()
		term.emu.Close()
		<-done
	}()
	if _, err := term.await(nil, func(s screen) bool { return statusLine(s) != "" }); err != nil {
		return nil, fmt.Errorf("typing: the first frame: %w", err)
	}
	term.emu.SendText("/")
	figs := &typingFigures{}
	startBytes := term.written()
	for _, text := range texts {
		if err := typeQuery(ix, term, searcher, text, figs); err != nil {
			return nil, err
		}
	}
	figs.bytes = term.written() - startBytes
	figs.started = searcher.calls()
	return figs, nil
}

// typeQuery clears the search box, types text key by key, and waits for
// its results.
func typeQuery(ix *index.Index, term *screenWatcher, searcher *countingSearcher, text string, figs *typingFigures) error {
	if _, err := term.await(func() { term.emu.SendText("\x15") }, searchLineIs("")); err != nil {
		return fmt.Errorf("typing: clearing the search box: %w", err)
	}
	want, err := ix.Search(context.Background(), index.Request{Text: text, Prefix: true, Limit: 1})
	if err != nil {
		return fmt.Errorf("typing %q: %w", text, err)
	}
	status := fmt.Sprintf("%d papers · ", want.Total)
	var last time.Time
	var results *waiter
	for i, r := range text {
		typed := text[:i+len(string(r))]
		last = time.Now()
		if typed == text {
			// Watched from before the last key, so no frame is missed.
			sent := last
			results = term.expect(func(s screen) bool {
				finished, ok := searcher.finished(text)
				return ok && finished.After(sent) && searchLineIs(text)(s) &&
					strings.HasPrefix(statusLine(s), status) && !strings.Contains(statusLine(s), "searching")
			})
		}
		at, err := term.await(func() { term.emu.SendText(string(r)) }, searchLineIs(typed))
		if err != nil {
			return fmt.Errorf("typing %q: the key %q never showed: %w", text, r, err)
		}
		figs.echoes = append(figs.echoes, at.Sub(last))
		figs.keys++
		if typed != text {
			time.Sleep(time.Until(last.Add(typingPace)))
		}
	}
	at, err := term.wait(results)
	if err != nil {
		return fmt.Errorf("typing %q: its results (%s) never showed: %w", text, strings.TrimSpace(status), err)
	}
	figs.results = append(figs.results, at.Sub(last))
	return nil
}

// searchPrefix is how the explorer's first line begins, before the query.
const searchPrefix = "Follicle / "

// searchLineIs is true when the search box holds exactly text with the
// cursor after it (the placeholder when text is empty). The cursor is
// what shows a typed space, so the check reads the first row's cells.
func searchLineIs(text string) func(screen) bool {
	return func(s screen) bool {
		rest, ok := strings.CutPrefix(s.rows[0], searchPrefix)
		if !ok {
			return false
		}
		if text == "" {
			return strings.HasPrefix(rest, "search titles") || strings.TrimSpace(rest) == ""
		}
		at := utf8.RuneCountInString(searchPrefix) + utf8.RuneCountInString(text)
		return strings.HasPrefix(rest, text) && s.cursor == at
	}
}

// statusLine is the row that reports the result count ("N papers · …").
func statusLine(s screen) string {
	for _, r := range s.rows {
		if i := strings.Index(r, " papers · "); i > 0 && strings.Trim(r[:i], "0123456789") == "" {
			return r
		}
	}
	return ""
}

// screenWatcher is the program's output: a virtual terminal that, after
// each write, checks the screen against what the run is waiting for.
type screenWatcher struct {
	emu     *vt.Emulator
	mu      sync.Mutex
	bytes   int
	waiters []*waiter
}

// waiter is one condition on the screen and when a frame first met it.
type waiter struct {
	want    func(screen) bool
	matched chan time.Time
}

func newScreenWatcher(w, h int) *screenWatcher {
	return &screenWatcher{emu: vt.NewEmulator(w, h)}
}

func (t *screenWatcher) Write(p []byte) (int, error) {
	at := time.Now() // when the program wrote the frame
	t.mu.Lock()
	defer t.mu.Unlock()
	// The program did not put this output in raw mode, so it counts on the
	// line discipline to turn "\n" into "\r\n" (ONLCR), as a tty would.
	_, err := t.emu.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n")))
	n := len(p)
	t.bytes += n
	t.check(at)
	return n, err
}

// checkAt checks the screen as it stands, as of at.
func (t *screenWatcher) checkAt(at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.check(at)
}

// check runs with mu held: every waiter the screen now satisfies is told
// when this frame was written, and forgotten.
func (t *screenWatcher) check(at time.Time) {
	if len(t.waiters) == 0 {
		return
	}
	s := t.lines()
	kept := t.waiters[:0]
	for _, w := range t.waiters {
		if w.want(s) {
			w.matched <- at
			continue
		}
		kept = append(kept, w)
	}
	t.waiters = kept
}

// screen is what the terminal shows: its rows, trailing spaces kept, and
// the column of the first reverse-video cell of the first row (the search
// box's cursor), -1 if none.
type screen struct {
	rows   []string
	cursor int
}

func (t *screenWatcher) lines() screen {
	s := screen{cursor: -1}
	for y := range t.emu.Height() {
		var row strings.Builder
		for x := range t.emu.Width() {
			c := t.emu.CellAt(x, y)
			switch {
			case c == nil || c.Width == 0:
				continue
			case c.Content == "":
				row.WriteByte(' ')
			default:
				row.WriteString(c.Content)
			}
			if y == 0 && s.cursor < 0 && c.Style.Attrs&uv.AttrReverse != 0 {
				s.cursor = x
			}
		}
		s.rows = append(s.rows, row.String())
	}
	return s
}

// expect starts watching the frames written from now on for one that
// satisfies want.
func (t *screenWatcher) expect(want func(screen) bool) *waiter {
	w := &waiter{want: want, matched: make(chan time.Time, 1)}
	t.mu.Lock()
	t.waiters = append(t.waiters, w)
	t.mu.Unlock()
	return w
}

// wait returns when the first frame satisfying w was written.
func (t *screenWatcher) wait(w *waiter) (time.Time, error) {
	select {
	case at := <-w.matched:
		return at, nil
	case <-time.After(5 * time.Second):
		t.mu.Lock()
		defer t.mu.Unlock()
		t.waiters = slices.DeleteFunc(t.waiters, func(x *waiter) bool { return x == w })
		return time.Time{}, fmt.Errorf("not on the screen after 5 s; it shows:\n%s", t.emu.String())
	}
}

// await runs act (if any) and waits for the first frame written after it
// that satisfies want.
func (t *screenWatcher) await(act func(), want func(screen) bool) (time.Time, error) {
	w := t.expect(want)
	if act != nil {
		act()
	}
	return t.wait(w)
}

func (t *screenWatcher) written() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bytes
}

// countingSearcher is the index as the program sees it, noting when each
// query's search last finished and how many searches started.
type countingSearcher struct {
	inner   *index.Index
	mu      sync.Mutex
	done    map[string]time.Time
	started int
	onDone  func(time.Time)
}

func (s *countingSearcher) Search(ctx context.Context, r index.Request) (index.Result, error) {
	s.mu.Lock()
	s.started++
	s.mu.Unlock()
	res, err := s.inner.Search(ctx, r)
	if err == nil {
		at := time.Now()
		s.mu.Lock()
		s.done[r.Text] = at
		s.mu.Unlock()
		s.onDone(at)
	}
	return res, err
}

func (s *countingSearcher) finished(text string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.done[text]
	return at, ok
}

func (s *countingSearcher) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started
}

// emitTyping runs the typing sequence and reports it. It runs in the probe,
// a process that holds what the app holds: in the process that generated
// the corpus, collecting its large heap slowed the searches.
func emitTyping(ix *index.Index, texts []string, emit emitFunc) error {
	figs, err := measureTyping(ix, texts)
	if err != nil {
		return err
	}
	emit("follicle", "typing-echo-p50", pct(figs.echoes, 0.50), "ms")
	emit("follicle", "typing-echo-p99", pct(figs.echoes, 0.99), "ms")
	emit("follicle", "typing-echo-max", pct(figs.echoes, 1), "ms")
	emit("follicle", "typing-results-p50", pct(figs.results, 0.50), "ms")
	emit("follicle", "typing-results-p99", pct(figs.results, 0.99), "ms")
	emit("follicle", "typing-bytes-per-keystroke", float64(figs.bytes)/float64(figs.keys), "bytes")
	emit("follicle", "typing-searches-per-query", float64(figs.started)/float64(len(texts)), "searches")
	return nil
}
