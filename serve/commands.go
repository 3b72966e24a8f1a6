package serve

import (
	"fmt"
	"net"
	"time"

	"charm.land/wish/v2"
	"github.com/charmbracelet/ssh"

	"github.com/follicle/follicle/store"
)

// maxCommands bounds the commands running at once: an export of the whole
// library holds every paper in memory, so a hundred at once would not fit.
const maxCommands = 4

// commandWait is how long a command waits for a slot (tests shorten it).
var commandWait = 10 * time.Second

// commands runs the command line a client asks for ("ssh -p 2222 HOST
// export --marked --format bibtex > reading.bib"), as soft-serve runs Git
// commands: with the user's own state, read-only over the shared library,
// its output on the session's stdout and its exit code the session's. A
// session without a command goes on to the explorer.
func (s *Server) commands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		args := sess.Command()
		if len(args) == 0 {
			next(sess)
			return
		}
		if s.cfg.Command == nil {
			wish.Fatalln(sess, "follicle: this server runs no commands; connect without one for the explorer")
			return
		}
		select {
		case s.commandSlots <- struct{}{}:
			defer func() { <-s.commandSlots }()
		case <-time.After(commandWait):
			s.refused(sess.RemoteAddr(), userOf(sess), "every command slot busy")
			wish.Fatalln(sess, fmt.Sprintf("follicle: the server is running %d commands; try again in a moment", cap(s.commandSlots)))
			return
		case <-sess.Context().Done():
			return
		}
		personal := store.Personal{}
		if user := userOf(sess); user != "" && s.cfg.State != nil {
			p, err := s.cfg.State.Load(user)
			if err != nil {
				wish.Fatalln(sess, "follicle: your saved state could not be read:", err)
				return
			}
			personal = p
		}
		code := s.cfg.Command(sess.Context(), args, sess, sess.Stderr(), personal)
		sess.Exit(code)
	}
}

// ExportHint is the command line that exports from a session's client:
// ssh with the address and port the client reached.
func ExportHint(local net.Addr) string {
	host, port, err := net.SplitHostPort(addrString(local))
	if err != nil {
		return "ssh HOST export"
	}
	if port == "22" {
		return fmt.Sprintf("ssh %s export", host)
	}
	return fmt.Sprintf("ssh -p %s %s export", port, host)
}
