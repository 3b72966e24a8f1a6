package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/follicle/follicle/ui"
)

// program builds the session's Bubble Tea program over the shared index.
func (s *Server) program(sess ssh.Session) *tea.Program {
	user := userOf(sess)
	cfg := ui.Config{Searcher: s.cfg.Searcher, Library: s.cfg.Library, Context: sess.Context(),
		SearchTimeout: s.cfg.SearchTimeout, User: user, Debounce: s.debounce()}
	if user != "" && s.cfg.State != nil {
		personal, err := s.cfg.State.Load(user)
		if err != nil {
			wish.Errorln(sess, "follicle: your saved state could not be read:", err)
		}
		cfg.State, cfg.Personal = s.cfg.State, personal
	}
	p := tea.NewProgram(ui.New(cfg), append(bm.MakeOptions(sess), tea.WithFPS(s.fps()))...)
	s.mu.Lock()
	s.programs[p] = true
	s.mu.Unlock()
	go func() {
		<-sess.Context().Done()
		s.mu.Lock()
		delete(s.programs, p)
		s.mu.Unlock()
	}()
	return p
}

// limits refuses a session over the total or per-key cap, with a message.
func (s *Server) limits(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		key := userOf(sess)
		if key == "" {
			key = "anonymous:" + fingerprint(sess.PublicKey())
		}
		s.mu.Lock()
		switch {
		case s.closing:
			s.mu.Unlock()
			wish.Fatalln(sess, "follicle: the server is shutting down")
			return
		case s.cfg.MaxSessions > 0 && s.total >= s.cfg.MaxSessions:
			s.mu.Unlock()
			wish.Fatalln(sess, fmt.Sprintf("follicle: the server is full (%d sessions); try again later", s.cfg.MaxSessions))
			return
		case s.cfg.MaxPerKey > 0 && s.perKey[key] >= s.cfg.MaxPerKey:
			s.mu.Unlock()
			wish.Fatalln(sess, fmt.Sprintf("follicle: your key is at its limit of %d open sessions; close one and try again", s.cfg.MaxPerKey))
			return
		}
		s.total++
		s.perKey[key]++
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.total--
			s.perKey[key]--
			s.mu.Unlock()
		}()
		next(sess)
	}
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
