package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/storetest"
)

// testServer runs a real server on 127.0.0.1 over the fixture library.
type testServer struct {
	srv   *Server
	addr  string
	state *store.StateDB
	keys  []gossh.Signer // authorized
	other gossh.Signer   // not authorized
}

func newSigner(t *testing.T) gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func startServer(t *testing.T, tweak func(*Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	ts := &testServer{keys: []gossh.Signer{newSigner(t), newSigner(t)}, other: newSigner(t)}
	var auth bytes.Buffer
	for _, k := range ts.keys {
		auth.Write(gossh.MarshalAuthorizedKey(k.PublicKey()))
	}
	os.WriteFile(filepath.Join(dir, "authorized_keys"), auth.Bytes(), 0o600)
	ix, err := index.NewMemOnly(context.Background(), storetest.Library(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ts.state, err = store.OpenStateDB(filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ts.state.Close() })
	cfg := Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "host_key"), AuthorizedKeys: filepath.Join(dir, "authorized_keys"),
		MaxSessions: 10, MaxPerKey: 5, ConnPerSecond: 100, ConnBurst: 100, Searcher: ix, Library: ix.Library(),
		State: ts.state, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if tweak != nil {
		tweak(&cfg)
	}
	ts.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	go ts.srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		ts.srv.Shutdown(ctx)
	})
	return ts
}

// client is one SSH session with a terminal whose output is collected.
type client struct {
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
	done  chan error
}

func (c *client) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}

func (c *client) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

func dial(addr string, key gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "student", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
}

func connect(t *testing.T, addr string, key gossh.Signer, pty bool) *client {
	t.Helper()
	conn, err := dial(addr, key)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return openSession(t, conn, pty, 40, 120)
}

// openSession starts a shell session (with a terminal of h×w if pty) on
// an open connection.
func openSession(t *testing.T, conn *gossh.Client, pty bool, h, w int) *client {
	t.Helper()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{conn: conn, sess: sess, done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = c, c
	if c.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if pty {
		if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- sess.Wait() }()
	return c
}

func (c *client) waitFor(t *testing.T, subs ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		out := c.output()
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(out, s)
		}
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %q; output tail:\n%s", subs, tail(c.output()))
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

func (c *client) ended(t *testing.T) {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		t.Fatal("session did not end")
	}
}

func TestSearchOverSSH(t *testing.T) {
	ts := startServer(t, nil)
	c := connect(t, ts.addr, ts.keys[0], true)
	c.waitFor(t, "Papers 6")
	c.stdin.Write([]byte("/ritle"))
	c.waitFor(t, "Papers 2")
	if err := c.sess.WindowChange(24, 80); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "tab switches")
	c.stdin.Write([]byte("\x03"))
	c.ended(t)
}

func TestAuthentication(t *testing.T) {
	ts := startServer(t, nil)
	if _, err := dial(ts.addr, ts.other); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("an unknown key must be refused, got %v", err)
	}
	_, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.Password("secret")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err == nil {
		t.Fatal("passwords must be refused")
	}
	anon := startServer(t, func(c *Config) { c.AuthorizedKeys, c.Anonymous, c.State = "", true, nil })
	c := connect(t, anon.addr, anon.other, true)
	c.waitFor(t, "Papers 6", "copy PMID")
	// An anonymous session keeps nothing, so it offers nothing to keep.
	for _, hidden := range []string{"mark for reading list", "edit tags", "edit note"} {
		if strings.Contains(c.output(), hidden) {
			t.Errorf("an anonymous session offers %q", hidden)
		}
	}
}

func TestNoPTY(t *testing.T) {
	ts := startServer(t, nil)
	c := connect(t, ts.addr, ts.keys[0], false)
	c.ended(t)
	if !strings.Contains(c.output(), "Requires an active PTY") {
		t.Fatalf("output %q", c.output())
	}
}

func TestPerUserState(t *testing.T) {
	ts := startServer(t, nil)
	a := connect(t, ts.addr, ts.keys[0], true)
	b := connect(t, ts.addr, ts.keys[1], true)
	a.waitFor(t, "Papers 6")
	b.waitFor(t, "Papers 6")
	a.stdin.Write([]byte(" "))
	a.waitFor(t, "★")
	b.stdin.Write([]byte("jj "))
	b.waitFor(t, "★")
	pa, _ := ts.state.Load(gossh.FingerprintSHA256(ts.keys[0].PublicKey()))
	pb, _ := ts.state.Load(gossh.FingerprintSHA256(ts.keys[1].PublicKey()))
	if len(pa.Marked) != 1 || len(pb.Marked) != 1 {
		t.Fatalf("marks a %v b %v", pa.Marked, pb.Marked)
	}
	for pmid := range pa.Marked {
		if _, shared := pb.Marked[pmid]; shared {
			t.Fatal("one user's mark leaked into the other's state")
		}
	}
}

func TestLimits(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessions = 1 })
	first := connect(t, ts.addr, ts.keys[0], true)
	first.waitFor(t, "Papers 6")
	second := connect(t, ts.addr, ts.keys[1], true)
	second.ended(t)
	if !strings.Contains(second.output(), "the server is full") {
		t.Fatalf("output %q", second.output())
	}
	perKey := startServer(t, func(c *Config) { c.MaxPerKey = 1 })
	mine := connect(t, perKey.addr, perKey.keys[0], true)
	mine.waitFor(t, "Papers 6")
	again := connect(t, perKey.addr, perKey.keys[0], true)
	again.ended(t)
	if !strings.Contains(again.output(), "your key is at its limit of 1 open connections") {
		t.Fatalf("a second connection of one key: output %q", again.output())
	}
	sameConn := openSession(t, mine.conn, true, 40, 120)
	sameConn.ended(t)
	if !strings.Contains(sameConn.output(), "your key is at its limit of 1 open sessions") {
		t.Fatalf("a second session on one connection: output %q", sameConn.output())
	}
	other := connect(t, perKey.addr, perKey.keys[1], true) // another key is still welcome
	other.waitFor(t, "Papers 6")

	logs := &syncBuffer{}
	limited := startServer(t, func(c *Config) { c.ConnPerSecond, c.ConnBurst, c.Logger = 0.01, 1, logTo(logs) })
	connect(t, limited.addr, limited.keys[0], true).waitFor(t, "Papers 6")
	fast := connect(t, limited.addr, limited.keys[1], true)
	fast.ended(t)
	if !strings.Contains(fast.output(), "rate limit exceeded") {
		t.Fatalf("a second connection within the rate limit: output %q", fast.output())
	}
	if !strings.Contains(logs.String(), `level=WARN msg=refused addr=127.0.0.1:`) || !strings.Contains(logs.String(), `reason="rate limit exceeded`) {
		t.Fatalf("the refusal is not logged with its reason:\n%s", logs.String())
	}

	idle := startServer(t, func(c *Config) { c.IdleTimeout = 500 * time.Millisecond })
	c := connect(t, idle.addr, idle.keys[0], true)
	c.ended(t)
}

func TestGracefulShutdownAndNoLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	ts := startServer(t, nil)
	c := connect(t, ts.addr, ts.keys[0], true)
	c.waitFor(t, "Papers 6")
	c.stdin.Write([]byte("/minox"))
	c.conn.Close() // drop the client mid-search
	d := connect(t, ts.addr, ts.keys[1], true)
	d.waitFor(t, "Papers 6")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	d.ended(t)
	// The notice must follow the program's exit from the alternate screen,
	// or the terminal loses it with the screen.
	out := d.output()
	exit := strings.LastIndex(out, "\x1b[?1049l")
	if exit < 0 {
		t.Fatalf("the session never left the alternate screen: %q", tail(out))
	}
	afterExit := out[exit:]
	if !strings.Contains(afterExit, "the server is shutting down; your reading list, tags and notes are saved") || time.Since(start) > 5*time.Second {
		t.Fatalf("shutdown took %v; output after the alternate screen %q", time.Since(start), tail(afterExit))
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+3 {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines after shutdown, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// stuckSearcher answers the opening search, then blocks every later one
// until its context ends: a query that would run forever.
type stuckSearcher struct {
	ix    *index.Index
	calls atomic.Int32
}

func (s *stuckSearcher) Search(ctx context.Context, r index.Request) (index.Result, error) {
	if s.calls.Add(1) == 1 {
		return s.ix.Search(ctx, r)
	}
	<-ctx.Done()
	return index.Result{}, ctx.Err()
}

func TestSearchDeadline(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Searcher = &stuckSearcher{ix: c.Searcher.(*index.Index)}
		c.SearchTimeout = 300 * time.Millisecond
	})
	c := connect(t, ts.addr, ts.keys[0], true)
	c.waitFor(t, "Papers 6")
	c.stdin.Write([]byte("/alopecia"))
	c.waitFor(t, "search took longer than 300ms")
	c.stdin.Write([]byte("\x03")) // the session still answers keys
	c.ended(t)
}

// TestCopyReachesClientClipboard checks that copy is an OSC 52 sequence in
// the session's own output, so it lands on the SSH client's clipboard.
func TestCopyReachesClientClipboard(t *testing.T) {
	ts := startServer(t, nil)
	c := connect(t, ts.addr, ts.keys[0], true)
	c.waitFor(t, "Papers 6")
	c.stdin.Write([]byte("yp"))
	c.waitFor(t, "copied PMID: ")
	m := regexp.MustCompile(`copied PMID: (\d+)`).FindStringSubmatch(c.output())
	if m == nil {
		t.Fatalf("no PMID in the notice: %q", tail(c.output()))
	}
	osc := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(m[1]))
	if !strings.Contains(c.output(), osc) {
		t.Fatalf("the session output lacks the OSC 52 sequence %q", osc)
	}
}

// TestExportMenuOverSSH: in a served session the export menu gives the
// command line that exports from the user's machine, with the address the
// client reached, and a format key puts the export on the client's
// clipboard through OSC 52.
func TestExportMenuOverSSH(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Command = func(context.Context, []string, io.Writer, io.Writer, store.Personal) int { return 0 }
	})
	c := connect(t, ts.addr, ts.keys[0], true)
	c.waitFor(t, "Papers 6")
	c.stdin.Write([]byte("E"))
	_, port, _ := net.SplitHostPort(ts.addr)
	c.waitFor(t, "ssh -p "+port+" 127.0.0.1 export --format bibtex > papers.bib")
	c.stdin.Write([]byte("b"))
	c.waitFor(t, "copied 6 papers as bibtex to your clipboard")
	if !strings.Contains(c.output(), "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte("@article{"))[:8]) {
		t.Fatalf("no OSC 52 sequence carrying the export in the session output")
	}
}

// TestCommandsAreBounded: commands run with the user's exit code, at most
// maxCommands at once; one more waits, then is refused and logged.
func TestCommandsAreBounded(t *testing.T) {
	release := make(chan struct{})
	var running atomic.Int32
	logs := &syncBuffer{}
	ts := startServer(t, func(c *Config) {
		c.MaxPerKey, c.Logger = 10, logTo(logs)
		c.Command = func(_ context.Context, args []string, stdout, _ io.Writer, _ store.Personal) int {
			running.Add(1)
			<-release
			io.WriteString(stdout, strings.Join(args, " "))
			return 3
		}
	})
	defer func(d time.Duration) { commandWait = d }(commandWait)
	commandWait = 300 * time.Millisecond
	conn, err := dial(ts.addr, ts.keys[0])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	type result struct {
		out  string
		code int
	}
	results := make(chan result, maxCommands+1)
	for i := 0; i <= maxCommands; i++ {
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			out, err := sess.CombinedOutput("search alopecia")
			code := 0
			if ee, ok := err.(*gossh.ExitError); ok {
				code = ee.ExitStatus()
			}
			results <- result{string(out), code}
		}()
	}
	refused := <-results
	if refused.code != 1 || !strings.Contains(refused.out, "the server is running 4 commands") {
		t.Fatalf("the fifth command: exit %d, output %q", refused.code, refused.out)
	}
	if running.Load() != maxCommands || !strings.Contains(logs.String(), "every command slot busy") {
		t.Fatalf("%d commands running; log:\n%s", running.Load(), logs.String())
	}
	close(release)
	for i := 0; i < maxCommands; i++ {
		if r := <-results; r.code != 3 || r.out != "search alopecia" {
			t.Fatalf("a command: exit %d, output %q", r.code, r.out)
		}
	}
}
