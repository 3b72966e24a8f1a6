package serve

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// Connection limits. A TCP connection is "waiting" from its accept until
// its SSH handshake and authentication are done; only then is it known
// whose it is. Waiting connections are capped in all and per address (a
// flood of silent connections once used up the server's descriptors and
// locked a real user out) and closed after HandshakeTimeout. An
// authenticated connection counts against its key's cap and the server's,
// with or without a session: thirty "ssh -N" connections of one key all
// got in when only sessions were counted.
const (
	defaultHandshakeTimeout = 10 * time.Second
	defaultMaxWaiting       = 64
	defaultMaxWaitingPerIP  = 16 // a classroom behind one NAT address connects at once
	// refusedGrace is how long a refused connection stays open so that a
	// session it opens can read why.
	refusedGrace = 2 * time.Second
)

// trackedConn is one accepted TCP connection and what it counts against.
type trackedConn struct {
	net.Conn
	srv      *Server
	host     string
	accepted time.Time
	once     sync.Once
	// Guarded by srv.mu.
	waiting  bool
	key      string // the key it counts against once authenticated
	promoted bool
	refusal  string
}

// connKey stores a connection's *trackedConn in its SSH context.
type connKey struct{}

func (c *trackedConn) Close() error {
	c.once.Do(func() { c.srv.release(c) })
	return c.Conn.Close()
}

// accept is the ssh.Server's ConnCallback: it refuses a connection over
// the waiting caps and starts the handshake clock of the others.
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	host := hostOf(conn.RemoteAddr())
	s.mu.Lock()
	reason := ""
	switch {
	case s.closing:
		reason = "the server is shutting down"
	case s.waiting >= s.maxWaiting():
		reason = fmt.Sprintf("%d connections already waiting to authenticate", s.waiting)
	case s.waitingByHost[host] >= s.maxWaitingPerIP():
		reason = fmt.Sprintf("%d connections from this address already waiting to authenticate", s.waitingByHost[host])
	}
	if reason != "" {
		s.mu.Unlock()
		s.refused(conn.RemoteAddr(), "", reason)
		return nil
	}
	c := &trackedConn{Conn: conn, srv: s, host: host, accepted: time.Now(), waiting: true}
	s.waiting++
	s.waitingByHost[host]++
	s.conns[c] = true
	s.mu.Unlock()
	ctx.SetValue(connKey{}, c)
	go s.watchHandshake(ctx, c)
	return c
}

// watchHandshake promotes c once its handshake is done (sessions promote it
// sooner) and closes it if that takes longer than HandshakeTimeout, looking
// at growing intervals.
func (s *Server) watchHandshake(ctx ssh.Context, c *trackedConn) {
	deadline := c.accepted.Add(s.handshakeTimeout())
	step := 50 * time.Millisecond
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(min(step, max(time.Until(deadline), 0))):
		}
		if ctx.Value(ssh.ContextKeyConn) != nil {
			if refusal := s.promote(ctx); refusal != "" {
				time.AfterFunc(refusedGrace, func() { c.Close() })
			}
			return
		}
		if !time.Now().Before(deadline) {
			s.refused(c.RemoteAddr(), "", fmt.Sprintf("no authentication within %v", s.handshakeTimeout()))
			c.Close()
			return
		}
		step = min(2*step, time.Second)
	}
}

// promote moves the authenticated connection of ctx from waiting to its
// key's count; the reason it is refused, if it is over a cap, is returned
// (the same on every call) and logged once.
func (s *Server) promote(ctx ssh.Context) string {
	c, ok := ctx.Value(connKey{}).(*trackedConn)
	if !ok {
		return ""
	}
	key := connOwner(ctx)
	s.mu.Lock()
	if c.promoted {
		defer s.mu.Unlock()
		return c.refusal
	}
	c.promoted = true
	s.leaveWaiting(c)
	switch {
	case s.cfg.MaxSessions > 0 && s.authed >= s.cfg.MaxSessions:
		c.refusal = fmt.Sprintf("the server is full (%d connections); try again later", s.cfg.MaxSessions)
	case s.cfg.MaxPerKey > 0 && s.authedByKey[key] >= s.cfg.MaxPerKey:
		c.refusal = fmt.Sprintf("your key is at its limit of %d open connections; close one and try again", s.cfg.MaxPerKey)
	default:
		c.key = key
		s.authed++
		s.authedByKey[key]++
	}
	refusal := c.refusal
	s.mu.Unlock()
	if refusal != "" {
		s.refused(c.RemoteAddr(), key, refusal)
	}
	return refusal
}

// release uncounts a closed connection.
func (s *Server) release(c *trackedConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	s.leaveWaiting(c)
	if c.key != "" {
		s.authed--
		if s.authedByKey[c.key]--; s.authedByKey[c.key] <= 0 {
			delete(s.authedByKey, c.key)
		}
		c.key = ""
	}
}

// leaveWaiting uncounts c as waiting; s.mu is held.
func (s *Server) leaveWaiting(c *trackedConn) {
	if !c.waiting {
		return
	}
	c.waiting = false
	s.waiting--
	if s.waitingByHost[c.host]--; s.waitingByHost[c.host] <= 0 {
		delete(s.waitingByHost, c.host)
	}
}

// closeWaiting closes every connection that has not authenticated, at
// shutdown (the SSH server only knows of those past their handshake).
func (s *Server) closeWaiting() {
	s.mu.Lock()
	var open []*trackedConn
	for c := range s.conns {
		if c.waiting {
			open = append(open, c)
		}
	}
	s.mu.Unlock()
	for _, c := range open {
		c.Close()
	}
}

// connOwner is what a connection's limits count against: the key's
// fingerprint, marked anonymous when the key is not in authorized_keys.
func connOwner(ctx ssh.Context) string {
	pk, _ := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey)
	fp := fingerprint(pk)
	if user, _ := ctx.Value(userKey{}).(string); user != "" && user == fp {
		return fp
	}
	return "anonymous:" + fp
}

// refused logs a connection or session turned away, with why.
func (s *Server) refused(addr net.Addr, key, reason string) {
	attrs := []any{"addr", addrString(addr), "reason", reason}
	if key != "" {
		attrs = append(attrs, "key", key)
	}
	s.cfg.Logger.Warn("refused", attrs...)
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

func (s *Server) handshakeTimeout() time.Duration {
	if s.cfg.HandshakeTimeout > 0 {
		return s.cfg.HandshakeTimeout
	}
	return defaultHandshakeTimeout
}

func (s *Server) maxWaiting() int {
	if s.cfg.MaxWaiting > 0 {
		return s.cfg.MaxWaiting
	}
	return defaultMaxWaiting
}

func (s *Server) maxWaitingPerIP() int {
	if s.cfg.MaxWaitingPerAddr > 0 {
		return s.cfg.MaxWaitingPerAddr
	}
	return defaultMaxWaitingPerIP
}
