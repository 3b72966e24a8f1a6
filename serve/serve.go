// Package serve runs the explorer over SSH, the way soft-serve serves Git:
// one Bubble Tea program per session, every session sharing one read-only
// library and index, each user (by public key) with their own reading list,
// tags, notes and saved searches.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/ratelimiter"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/ui"
)

// Config says how to serve.
type Config struct {
	Listen         string // default 127.0.0.1:2222
	HostKey        string // path; generated (0600) when missing
	AuthorizedKeys string // path of an authorized_keys file
	Anonymous      bool   // anyone may connect, read-only, without state
	MaxSessions    int    // concurrent sessions in all
	MaxPerKey      int    // concurrent sessions of one key
	IdleTimeout    time.Duration
	SearchTimeout  time.Duration
	ConnPerSecond  float64 // new connections per source address
	ConnBurst      int
	FPS            int           // frames per second per session (default 30)
	Debounce       time.Duration // typing pause before a search (default 15 ms)
	// HandshakeTimeout closes a connection not authenticated in time
	// (default 10 s); MaxWaiting and MaxWaitingPerAddr cap the connections
	// not yet authenticated, in all (default 64) and from one address
	// (default 16).
	HandshakeTimeout  time.Duration
	MaxWaiting        int
	MaxWaitingPerAddr int

	// Command runs a command line (search, export, stats, library list)
	// for a user who asks for one ("ssh HOST export --marked --format
	// bibtex"), with their state (empty for an anonymous user), and
	// returns its exit code; nil refuses commands.
	Command CommandFunc

	Searcher ui.Searcher
	Library  *store.Library
	State    *store.StateDB // nil: no personal state for anyone
	Logger   *slog.Logger
}

// CommandFunc runs one command line for an SSH user, writing to the
// session.
type CommandFunc func(ctx context.Context, args []string, stdout, stderr io.Writer, personal store.Personal) int

// MemoryLimit is the soft memory limit "follicle serve" gives the Go
// runtime unless GOMEMLIMIT sets one: near it the collector works harder
// rather than let the garbage of rendered frames (a 300×100 frame is
// megabytes) grow the resident set. Live memory above it is still allowed.
const MemoryLimit = 640 << 20

// Server is a running explorer over SSH.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	mu       sync.Mutex
	total    int            // sessions
	perKey   map[string]int // sessions per key
	programs map[*tea.Program]bool
	ended    map[ssh.Session]chan struct{} // closed when the session's program has run
	closing  bool
	// Connections (see conns.go).
	conns         map[*trackedConn]bool
	waiting       int // not yet authenticated
	waitingByHost map[string]int
	authed        int // authenticated
	authedByKey   map[string]int
	commandSlots  chan struct{} // see maxCommands
}

// New prepares a server; Serve or ListenAndServe starts it.
func New(cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:2222"
	}
	if cfg.AuthorizedKeys == "" && !cfg.Anonymous {
		return nil, errors.New("serve: give --authorized-keys FILE, or --anonymous for read-only access for anyone")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.AuthorizedKeys != "" {
		if err := checkAuthorizedKeys(cfg.AuthorizedKeys, cfg.Logger); err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: cfg, perKey: map[string]int{}, programs: map[*tea.Program]bool{}, ended: map[ssh.Session]chan struct{}{},
		conns: map[*trackedConn]bool{}, waitingByHost: map[string]int{}, authedByKey: map[string]int{},
		commandSlots: make(chan struct{}, maxCommands)}
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKey),
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(s.program),
			activeterm.Middleware(),
			s.commands,
			s.limits,
			s.rateLimit(ratelimiter.NewRateLimiter(rate.Limit(max(cfg.ConnPerSecond, 0.01)), max(cfg.ConnBurst, 1), 4096)),
			s.logging,
		),
	}
	if cfg.IdleTimeout > 0 {
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	srv.ConnCallback = s.accept
	s.ssh = srv
	return s, nil
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Listen opens the configured address, so that a taken port is reported
// before anything says the server is serving.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("serve: listen on %s: %w", s.cfg.Listen, err)
	}
	return ln, nil
}

// ListenAndServe listens on the configured address.
func (s *Server) ListenAndServe() error {
	ln, err := s.Listen()
	if err != nil {
		return err
	}
	return s.Serve(ln)
}

// Shutdown tells every session the server is stopping, ends their
// programs (state is written as it changes, so nothing is pending) and
// closes the listener, waiting at most until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	programs := make([]*tea.Program, 0, len(s.programs))
	for p := range s.programs {
		programs = append(programs, p)
	}
	s.mu.Unlock()
	for _, p := range programs {
		p.Send(ui.ShutdownMsg{})
	}
	// Let the notice reach the terminals, then end the programs and wait for
	// the sessions to finish before closing every connection.
	wait(ctx, 200*time.Millisecond)
	for _, p := range programs {
		p.Quit()
	}
	for s.active() > 0 && ctx.Err() == nil {
		wait(ctx, 20*time.Millisecond)
	}
	s.closeWaiting()
	return s.ssh.Close()
}

func (s *Server) active() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// authorize accepts a public key listed in the authorized_keys file, or any
// key in anonymous mode. Passwords and keyboard-interactive are never
// offered.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.cfg.AuthorizedKeys != "" && authorized(s.cfg.AuthorizedKeys, key) {
		ctx.SetValue(userKey{}, gossh.FingerprintSHA256(key))
		return true
	}
	return s.cfg.Anonymous
}

// userKey stores an authenticated user's key fingerprint in the context.
type userKey struct{}

// userOf is the state owner of a session: the key fingerprint, or "" for an
// anonymous session (no state).
func userOf(sess ssh.Session) string {
	if fp, ok := sess.Context().Value(userKey{}).(string); ok {
		return fp
	}
	return ""
}
