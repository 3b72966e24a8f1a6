package serve

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// drainFallback is how long a quitting program waits for its input to
// drain (see orderlyQuit) before it quits anyway.
const drainFallback = 15 * time.Second

// orderlyQuit ends a session's program only after its input reader has
// handed over everything it read. Bubble Tea's reader sends its events to
// the program without looking whether the program still listens: a
// program that quit while its client typed (or had sent half an escape
// sequence) left the reader blocked for ever, holding the program and its
// screen, one per session a hostile client opened. So the
// first quit (a key, the client gone, the server stopping) is held back:
// a paste carrying a random token is written after the client's input,
// the input is closed, and the quit goes through when the token's paste
// has ended, every earlier event having been delivered. A token that
// never arrives (the client left a paste open) lets the quit through after
// drainFallback.
type orderlyQuit struct {
	in       *io.PipeReader
	out      *io.PipeWriter
	token    string
	writeMu  sync.Mutex // orders the client's input and the token
	sealed   bool       // the token is written: no more input
	mu       sync.Mutex
	draining bool
	// tokenSeen: the token's paste arrived; its end is the last event.
	tokenSeen bool
	done      bool
	program   *tea.Program
}

// newOrderlyQuit feeds the program's input from src through a pipe it can
// end.
func newOrderlyQuit(src io.Reader) *orderlyQuit {
	b := make([]byte, 16)
	rand.Read(b)
	q := &orderlyQuit{token: hex.EncodeToString(b)}
	q.in, q.out = io.Pipe()
	go q.copyInput(src)
	return q
}

// copyInput copies the client's input into the pipe until the drain seals
// it; the end of the client's input starts the drain.
func (q *orderlyQuit) copyInput(src io.Reader) {
	defer q.begin()
	buf := make([]byte, 4096)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			q.writeMu.Lock()
			if q.sealed {
				q.writeMu.Unlock()
				return
			}
			_, werr := q.out.Write(buf[:n])
			q.writeMu.Unlock()
			if werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// begin starts draining: the token, then the end of the input. It never
// blocks (the pipe is written at the reader's pace, which may be the
// event loop's).
func (q *orderlyQuit) begin() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.beginLocked()
}

func (q *orderlyQuit) beginLocked() {
	if q.draining {
		return
	}
	q.draining = true
	go func() {
		// Nothing of the client's may follow the token.
		q.writeMu.Lock()
		defer q.writeMu.Unlock()
		q.sealed = true
		q.out.Write([]byte("\x1b[200~" + q.token + "\x1b[201~"))
		q.out.Close()
	}()
	time.AfterFunc(drainFallback, q.quitNow)
}

// quitNow lets the quit through and asks for it.
func (q *orderlyQuit) quitNow() {
	q.mu.Lock()
	q.done = true
	p := q.program
	q.mu.Unlock()
	if p != nil {
		p.Quit()
	}
}

// filter holds back a QuitMsg until the input has drained, turns the end
// of the token's paste into the quit, and drops everything else while
// draining: the session is ending, and a client that typed ahead of a slow
// program leaves thousands of keys not worth a frame each.
func (q *orderlyQuit) filter(msg tea.Msg) tea.Msg {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.done {
		return msg
	}
	switch m := msg.(type) {
	case tea.QuitMsg:
		q.beginLocked()
		return nil
	case tea.PasteMsg:
		if q.draining && m.Content == q.token {
			q.tokenSeen = true
			return nil
		}
	case tea.PasteEndMsg:
		// The reader sends the end of a paste after its content: the last
		// event it has.
		if q.tokenSeen {
			q.done = true
			return tea.QuitMsg{}
		}
	}
	if q.draining {
		return nil
	}
	return msg
}

func (q *orderlyQuit) setProgram(p *tea.Program) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.program = p
}
