package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/ratelimiter"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/follicle/follicle/ui"
)

// program builds the session's Bubble Tea program over the shared index.
func (s *Server) program(sess ssh.Session) *tea.Program {
	user := userOf(sess)
	cfg := ui.Config{Searcher: s.cfg.Searcher, Library: s.cfg.Library, Context: sess.Context(),
		SearchTimeout: s.cfg.SearchTimeout, User: user, Debounce: s.debounce(),
		Anonymous: user == "" || s.cfg.State == nil}
	if user != "" && s.cfg.State != nil {
		personal, err := s.cfg.State.Load(user)
		if err != nil {
			wish.Errorln(sess, "follicle: your saved state could not be read:", err)
		}
		cfg.State, cfg.Personal = s.cfg.State, personal
	}
	if s.cfg.Command != nil && !cfg.Anonymous {
		cfg.ExportHint = ExportHint(sess.LocalAddr())
	}
	pty, _, _ := sess.Pty()
	w, h := ui.ClampSize(pty.Window.Width, pty.Window.Height)
	// The size options come after MakeOptions' so that the clamped size is
	// the one the renderer allocates its screen for.
	quit := newOrderlyQuit(sess)
	filter := func(_ tea.Model, msg tea.Msg) tea.Msg { return sessionFilter(quit.filter(msg)) }
	opts := append(bm.MakeOptions(sess), tea.WithInput(quit.in), tea.WithWindowSize(w, h), tea.WithFilter(filter),
		tea.WithFPS(s.fpsFor(w, h)))
	p := tea.NewProgram(ui.New(cfg), opts...)
	quit.setProgram(p)
	ended := make(chan struct{})
	s.mu.Lock()
	s.programs[p] = true
	s.ended[sess] = ended
	s.mu.Unlock()
	go s.endWithClient(sess, p, quit, ended)
	return p
}

// sessionFilter clamps every window size a client declares (see
// ui.ClampSize) before the renderer or the model sees it, and keeps a
// remote program from suspending, as Wish's own filter does.
func sessionFilter(msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		msg.Width, msg.Height = ui.ClampSize(msg.Width, msg.Height)
		return msg
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	return msg
}

// quitGrace is how long a program whose client is gone may take to quit
// before it is killed.
const quitGrace = 20 * time.Second

// endWithClient ends p when the session's connection ends: its input is
// drained and it quits (see orderlyQuit); one still running quitGrace
// later (busy, or blocked writing to a client that no longer reads) is
// killed.
func (s *Server) endWithClient(sess ssh.Session, p *tea.Program, quit *orderlyQuit, ended <-chan struct{}) {
	<-sess.Context().Done()
	s.mu.Lock()
	delete(s.programs, p)
	s.mu.Unlock()
	quit.begin()
	t := time.NewTimer(quitGrace)
	defer t.Stop()
	select {
	case <-ended:
	case <-t.C:
		s.cfg.Logger.Warn("session killed", "addr", sess.RemoteAddr().String(), "reason", "its client is gone and it did not quit")
		p.Kill()
	}
}

// limits refuses a session of a connection over its caps (see promote) or
// over the total or per-key session cap, with a message, and logs why.
func (s *Server) limits(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		key := userOf(sess)
		if key == "" {
			key = "anonymous:" + fingerprint(sess.PublicKey())
		}
		if refusal := s.promote(sess.Context()); refusal != "" { // logged by promote
			wish.Fatalln(sess, "follicle: "+refusal)
			return
		}
		refusal := ""
		s.mu.Lock()
		switch {
		case s.closing:
			refusal = "the server is shutting down"
		case s.cfg.MaxSessions > 0 && s.total >= s.cfg.MaxSessions:
			refusal = fmt.Sprintf("the server is full (%d sessions); try again later", s.cfg.MaxSessions)
		case s.cfg.MaxPerKey > 0 && s.perKey[key] >= s.cfg.MaxPerKey:
			refusal = fmt.Sprintf("your key is at its limit of %d open sessions; close one and try again", s.cfg.MaxPerKey)
		}
		if refusal != "" {
			s.mu.Unlock()
			s.refused(sess.RemoteAddr(), key, refusal)
			wish.Fatalln(sess, "follicle: "+refusal)
			return
		}
		s.total++
		s.perKey[key]++
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.total--
			if s.perKey[key]--; s.perKey[key] <= 0 {
				delete(s.perKey, key)
			}
			s.mu.Unlock()
		}()
		next(sess)
		s.mu.Lock()
		if ended := s.ended[sess]; ended != nil {
			close(ended) // its program has run
			delete(s.ended, sess)
		}
		s.mu.Unlock()
		if _, winch, pty := sess.Pty(); pty {
			// Nobody reads window changes once the program has ended, and
			// the SSH library blocks its request loop on the next one.
			go func() {
				for range winch {
				}
			}()
		}
		if _, _, pty := sess.Pty(); pty && len(sess.Command()) == 0 && s.isClosing() {
			// After the program has left the alternate screen, where the
			// notice it showed went with it, so it stays on the terminal.
			wish.Println(sess, shutdownNotice(userOf(sess) != "" && s.cfg.State != nil))
		}
	}
}

// shutdownNotice is the line a session's terminal keeps when the server
// stops.
func shutdownNotice(personal bool) string {
	if personal {
		return "follicle: the server is shutting down; your reading list, tags and notes are saved"
	}
	return "follicle: the server is shutting down"
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// logging writes one structured line when a session starts and one when
// it ends.
func (s *Server) logging(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		pty, _, hasPTY := sess.Pty()
		attrs := []any{"user", sess.User(), "key", fingerprint(sess.PublicKey()), "addr", sess.RemoteAddr().String()}
		s.cfg.Logger.Info("session start", append(attrs, "term", pty.Term, "pty", hasPTY)...)
		next(sess)
		s.cfg.Logger.Info("session end", append(attrs, "duration", time.Since(start).Round(time.Millisecond).String())...)
	}
}

func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return ""
	}
	return gossh.FingerprintSHA256(k)
}

// checkAuthorizedKeys refuses to start with an authorized_keys file that
// cannot be read (the server would refuse everyone) and warns about one
// without a key.
func checkAuthorizedKeys(path string, logger *slog.Logger) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("serve: authorized keys %s: %w", path, unwrapPath(err))
	}
	keys := 0
	for rest := b; len(rest) > 0; {
		_, _, _, next, err := ssh.ParseAuthorizedKey(rest)
		if err != nil {
			break
		}
		keys++
		rest = next
	}
	if keys == 0 {
		logger.Warn("no keys in the authorized keys file: nobody can log in until one is added", "file", path)
	}
	return nil
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// rateLimit refuses a session from an address that opens them faster than
// the limiter allows, with a message, and logs it.
func (s *Server) rateLimit(limiter ratelimiter.RateLimiter) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if err := limiter.Allow(sess); err != nil {
				s.refused(sess.RemoteAddr(), fingerprint(sess.PublicKey()), err.Error())
				wish.Fatalln(sess, "follicle: "+err.Error())
				return
			}
			next(sess)
		}
	}
}

// authorized reports whether key is in the authorized_keys file at path.
// The file is read on every login, so edits take effect without a restart.
func authorized(path string, key ssh.PublicKey) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := ssh.ParseAuthorizedKey(line)
		if err == nil && ssh.KeysEqual(k, key) {
			return true
		}
	}
	return false
}

// fps is how often a session's screen may be redrawn: fewer frames than a
// local terminal's 60 coalesce the redraws of one keystroke and spare the
// shared CPU and the network.
func (s *Server) fps() int {
	if s.cfg.FPS > 0 {
		return s.cfg.FPS
	}
	return 30
}

// fpsFor scales the frame rate of a session that starts w×h cells large,
// so that a large window costs the shared CPU about what a 160×50 one does
// (at least 5 frames a second).
func (s *Server) fpsFor(w, h int) int {
	const typical = 160 * 50
	if cells := w * h; cells > typical {
		return max(5, s.fps()*typical/cells)
	}
	return s.fps()
}

// debounce is the typing pause before a session searches. It is shorter
// than a local terminal's because the frame limit (fps) already coalesces
// a burst of keys into one redraw, and a search on the bundled corpus costs
// a fraction of a millisecond: the pause would only add to the latency a
// user sees over the network (BenchmarkFiftySessions measures it).
func (s *Server) debounce() time.Duration {
	if s.cfg.Debounce > 0 {
		return s.cfg.Debounce
	}
	return 15 * time.Millisecond
}
