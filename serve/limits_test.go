package serve

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a log destination the server and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func logTo(b *syncBuffer) *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

func heapMB() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc >> 20
}

// eventually waits up to 10 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) programCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.programs)
}

// TestHugeWindowIsBounded: clients declaring windows of 10000×10000 and
// 2000×1000 are drawn at ui.MaxWidth×ui.MaxHeight, the server's heap stays
// bounded while they type, and each session ends once its client is gone
// (one such session took a server from 49 MB to 3.7 GB and never ended).
func TestHugeWindowIsBounded(t *testing.T) {
	ts := startServer(t, nil)
	before := heapMB()
	var clients []*client
	for i, size := range [][2]int{{10000, 10000}, {1000, 2000}, {200, 4000}} {
		c := connect(t, ts.addr, ts.keys[i%2], true)
		if err := c.sess.WindowChange(size[1], size[0]); err != nil {
			t.Fatal(err)
		}
		c.waitFor(t, "Papers 6")
		c.stdin.Write([]byte("/alopecia"))
		clients = append(clients, c)
	}
	for _, c := range clients {
		c.waitFor(t, "Papers ")
	}
	time.Sleep(300 * time.Millisecond) // a few frames at the huge size
	t.Logf("heap grown %d MB", heapMB()-min(before, heapMB()))
	if grown := heapMB() - min(before, heapMB()); grown > 150 {
		t.Fatalf("three oversized sessions hold %d MB of heap", grown)
	}
	for _, c := range clients {
		c.conn.Close() // the client is killed
	}
	eventually(t, "the sessions to end after their clients are gone", func() bool {
		return ts.srv.active() == 0 && ts.srv.programCount() == 0
	})
}

// TestSilentConnections: TCP connections that never start SSH are capped
// per address, refused beyond it at once, closed after the handshake
// timeout, and logged with their reason; a real user gets in afterwards.
func TestSilentConnections(t *testing.T) {
	logs := &syncBuffer{}
	ts := startServer(t, func(c *Config) {
		c.MaxWaitingPerAddr, c.MaxWaiting, c.HandshakeTimeout, c.Logger = 3, 10, 500*time.Millisecond, logTo(logs)
	})
	var silent []net.Conn
	start := time.Now()
	for i := 0; i < 5; i++ {
		conn, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		silent = append(silent, conn)
		time.Sleep(20 * time.Millisecond) // accepted in order
	}
	for i, conn := range silent {
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		b, err := io.ReadAll(conn) // the server's version line, if any, then EOF when it closes
		if err != nil {
			t.Fatalf("connection %d: %v (the server never closed it)", i, err)
		}
		if greeted := strings.HasPrefix(string(b), "SSH-2.0-"); greeted != (i < 3) {
			t.Fatalf("connection %d greeted=%v, want only the first 3 let in: %q", i, greeted, b)
		}
	}
	if waited := time.Since(start); waited < 450*time.Millisecond {
		t.Fatalf("silent connections were closed after %v, before the handshake timeout", waited)
	}
	out := logs.String()
	for _, want := range []string{"3 connections from this address already waiting to authenticate", "no authentication within 500ms"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	connect(t, ts.addr, ts.keys[0], true).waitFor(t, "Papers 6")
}

// openSSHKey makes an OpenSSH key pair, adds it to the server's
// authorized_keys and returns the private key's path; it skips (fails in
// CI) without the OpenSSH client.
func openSSHKey(t *testing.T, ts *testServer) string {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the OpenSSH client is required in CI")
		}
		t.Skip("OpenSSH client not installed")
	}
	key := filepath.Join(t.TempDir(), "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(ts.srv.cfg.AuthorizedKeys, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(pub)
	return key
}

// sshCommand is the OpenSSH client connecting to the test server with key.
func sshCommand(ts *testServer, key string, args ...string) *exec.Cmd {
	_, port, _ := net.SplitHostPort(ts.addr)
	base := []string{"-i", key, "-p", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "student@127.0.0.1"}
	return exec.Command("ssh", append(base, args...)...)
}

// TestConnectionsCountPerKey: "ssh -N" connections, which open no
// session, count against the key's cap (30 of one key all got in when
// only sessions counted); the one over the cap is closed and logged, and a
// session over it is told why.
func TestConnectionsCountPerKey(t *testing.T) {
	logs := &syncBuffer{}
	ts := startServer(t, func(c *Config) { c.MaxPerKey, c.Logger = 2, logTo(logs) })
	key := openSSHKey(t, ts)
	var open []*exec.Cmd
	for i := 0; i < 2; i++ {
		cmd := sshCommand(ts, key, "-N")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		open = append(open, cmd)
	}
	eventually(t, "two authenticated connections", func() bool {
		ts.srv.mu.Lock()
		defer ts.srv.mu.Unlock()
		return ts.srv.authed == 2
	})
	third := sshCommand(ts, key, "-N")
	done := make(chan error, 1)
	if err := third.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- third.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		third.Process.Kill()
		t.Fatal("a third ssh -N of one key stayed connected over a cap of 2")
	}
	out, _ := sshCommand(ts, key, "-tt").CombinedOutput()
	if !strings.Contains(string(out), "your key is at its limit of 2 open connections") {
		t.Fatalf("a session over the cap: %q", out)
	}
	if n := strings.Count(logs.String(), "your key is at its limit of 2 open connections"); n < 2 {
		t.Fatalf("refusals logged %d times, want 2:\n%s", n, logs.String())
	}
	for _, cmd := range open {
		if cmd.ProcessState != nil {
			t.Fatal("a connection within the cap was closed")
		}
	}
}

// TestHugeWindowWithOpenSSH is the attack as it was found: the OpenSSH
// client in a tmux window resized to 2000×1000, then killed. The server's
// heap stays bounded and the session ends.
func TestHugeWindowWithOpenSSH(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is required in CI")
		}
		t.Skip("tmux not installed")
	}
	ts := startServer(t, nil)
	key := openSSHKey(t, ts)
	before := heapMB()
	socket := fmt.Sprintf("follicle-serve-%d-%d", os.Getpid(), time.Now().UnixNano())
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	ssh := sshCommand(ts, key, "-tt")
	tmux(append([]string{"new-session", "-d", "-s", "huge", "-x", "120", "-y", "40", "--", "env", "TERM=xterm-256color"}, ssh.Args...)...)
	t.Cleanup(func() { exec.Command("tmux", "-L", socket, "kill-server").Run() })
	eventually(t, "the session to start", func() bool { return ts.srv.programCount() == 1 })
	tmux("resize-window", "-t", "huge", "-x", "2000", "-y", "1000")
	tmux("send-keys", "-t", "huge", "-l", "/alopecia")
	time.Sleep(time.Second)
	if grown := heapMB() - min(before, heapMB()); grown > 100 {
		t.Fatalf("one 2000×1000 session holds %d MB of heap", grown)
	}
	pid, err := strconv.Atoi(tmux("display-message", "-p", "-t", "huge", "#{pane_pid}"))
	if err != nil {
		t.Fatal(err)
	}
	syscall.Kill(pid, syscall.SIGKILL)
	eventually(t, "the session to end after its client was killed", func() bool {
		return ts.srv.active() == 0 && ts.srv.programCount() == 0
	})
}

// TestNoProgramLeftBehind: a client that typed far ahead of its session
// and left (or pressed q amid more keys) leaves nothing running. Bubble
// Tea's input reader, blocked handing keys to a program that had quit,
// held the program for ever: 53 of 214 sessions in the hostile load
// benchmark.
func TestNoProgramLeftBehind(t *testing.T) {
	ts := startServer(t, nil)
	burst := strings.Repeat("/alopecia\x15", 400)
	for i, tc := range []struct {
		name  string
		first string
	}{
		{"typing as it goes", ""},
		{"q amid more keys", "q"},
	} {
		c := connect(t, ts.addr, ts.keys[i%2], true)
		if err := c.sess.WindowChange(10000, 10000); err != nil {
			t.Fatal(err)
		}
		c.waitFor(t, "Papers 6")
		c.stdin.Write([]byte(tc.first))
		go func() { // keys until the connection is gone
			for {
				if _, err := c.stdin.Write([]byte(burst)); err != nil {
					return
				}
			}
		}()
		time.Sleep(300 * time.Millisecond)
		c.conn.Close()
		eventually(t, tc.name+": the session to end", func() bool { return ts.srv.active() == 0 && ts.srv.programCount() == 0 })
		eventually(t, tc.name+": no input reader left blocked", func() bool {
			buf := make([]byte, 1<<20)
			return !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "TerminalReader).sendEvents")
		})
	}
}
