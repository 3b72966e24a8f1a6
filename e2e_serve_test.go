package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/follicle/follicle/store"
)

// TestServeWithOpenSSH runs "follicle serve" and connects with the OpenSSH
// client in tmux, as a student would; then stops the server with SIGTERM.
func TestServeWithOpenSSH(t *testing.T) {
	requireTmux(t)
	sshPath, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the OpenSSH client is required in CI (.ci/run installs it)")
		}
		t.Skip("OpenSSH client not installed")
	}
	dir := t.TempDir()
	key := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, _ := os.ReadFile(key + ".pub")
	authorized := filepath.Join(dir, "authorized_keys")
	os.WriteFile(authorized, pub, 0o600)
	port := freePort(t)
	home := t.TempDir()
	var logs bytes.Buffer
	srv := exec.Command(binary, "serve", "--home", home, "--listen", "127.0.0.1:"+port, "--authorized-keys", authorized)
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Kill() })
	waitListening(t, "127.0.0.1:"+port)
	if fi, err := os.Stat(filepath.Join(home, "data", "ssh_host_ed25519")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v %v", fi, err)
	}
	s := startTmux(t, 120, 40, fmt.Sprintf("%s -i %s -p %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR student@127.0.0.1; sleep 30",
		sshPath, key, port))
	all := paperCount(t, s.waitText("sort: relevance", "Conditions"))
	s.keys("/")
	s.text("baricitinib")
	s.waitFor("the papers to narrow", func(scr string) bool {
		m := papersCount.FindStringSubmatch(scr)
		return m != nil && m[1] != strconv.Itoa(all) && m[1] != "0"
	})
	s.keys("Enter", "Space")
	s.waitText("★")
	srv.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exited with %v; logs:\n%s", err, logs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of SIGTERM")
	}
	// The notice stays on the student's screen after ssh has ended.
	s.waitText("the server is shutting down; your reading list, tags and notes are saved")
	out := logs.String()
	if !strings.Contains(out, "session start") || !strings.Contains(out, "session end") || !strings.Contains(out, "SHA256:") {
		t.Fatalf("server logs lack the session lines:\n%s", out)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %s", addr)
}

// TestServeChecksItsConfiguration: a server that would refuse everyone or
// cannot listen does not start, says why and never claims to be serving.
func TestServeChecksItsConfiguration(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keys, []byte("# nobody yet\n"), 0o600)
	missing := filepath.Join(dir, "nonexistent")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing authorized keys", []string{"--listen", "127.0.0.1:" + freePort(t), "--authorized-keys", missing},
			"authorized keys " + missing + ": no such file or directory"},
		{"taken port", []string{"--listen", taken.Addr().String(), "--authorized-keys", keys},
			"listen on " + taken.Addr().String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := follicle(t, nil, append([]string{"serve", "--home", t.TempDir()}, tc.args...)...)
			if code == 0 || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "serving") {
				t.Fatalf("exit %d, stderr:\n%s\nwant a refusal naming %q and no \"serving\"", code, stderr, tc.want)
			}
		})
	}
}

// TestCommandsOverSSH runs the command line over SSH with the OpenSSH
// client, as a student exports their reading list: the commands see that
// user's own state, write to the client's stdout and exit with the
// command's code; commands that change shared data or the server's files
// are refused.
func TestCommandsOverSSH(t *testing.T) {
	sshPath, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the OpenSSH client is required in CI")
		}
		t.Skip("OpenSSH client not installed")
	}
	dir := t.TempDir()
	key := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, _ := os.ReadFile(key + ".pub")
	authorized := filepath.Join(dir, "authorized_keys")
	os.WriteFile(authorized, pub, 0o600)
	fp, err := exec.Command("ssh-keygen", "-l", "-E", "sha256", "-f", key+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	user := strings.Fields(string(fp))[1]
	home := t.TempDir()
	papers, err := bundled(t).All()
	if err != nil {
		t.Fatal(err)
	}
	state, err := store.OpenStateDB(filepath.Join(home, "data", "serve-state.db"))
	if err != nil {
		t.Fatal(err)
	}
	state.SetMarked(user, papers[0].PMID, true)
	state.SetMarked(user, papers[1].PMID, true)
	state.SetTags(user, papers[2].PMID, []string{"exam"})
	state.Close()
	// The server owner's own state must not reach an SSH user.
	if err := (store.StateFile{Path: filepath.Join(home, "data", "state.db")}).SetTags("", papers[3].PMID, []string{"exam"}); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	srv := exec.Command(binary, "serve", "--home", home, "--listen", "127.0.0.1:"+port, "--authorized-keys", authorized)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
	waitListening(t, "127.0.0.1:"+port)
	ssh := func(args ...string) (string, string, int) {
		cmd := exec.Command(sshPath, append([]string{"-i", key, "-p", port, "-o", "StrictHostKeyChecking=no",
			"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "student@127.0.0.1"}, args...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return stdout.String(), stderr.String(), code
	}
	out, stderr, code := ssh("export", "--marked", "--format", "bibtex")
	if code != 0 || strings.Count(out, "@article{") != 2 || !strings.Contains(out, papers[0].PMID) || !strings.Contains(out, papers[1].PMID) {
		t.Fatalf("export --marked: exit %d, stderr %q, stdout:\n%s", code, stderr, out)
	}
	out, stderr, code = ssh("search", "--json", "tag:exam")
	if lines := nonEmptyLines(out); code != 0 || len(lines) != 1 || !strings.Contains(lines[0], `"pmid":"`+papers[2].PMID+`"`) {
		t.Fatalf("search --json tag:exam: exit %d, stderr %q, stdout:\n%s", code, stderr, out)
	}
	if out, _, code = ssh("stats", "--json"); code != 0 || !strings.Contains(out, `"papers": `) {
		t.Fatalf("stats: exit %d:\n%s", code, out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "/etc/passwd"}, `"import /etc/passwd" is not offered over SSH`},
		{[]string{"library", "remove", papers[0].PMID}, `"library remove" is not offered over SSH`},
		{[]string{"serve"}, `"serve" is not offered over SSH`},
		{[]string{"export", "--format", "bibtex", "--output", filepath.Join(dir, "x.bib")}, "--output is not offered over SSH"},
		{[]string{"search", "--home=/tmp", "alopecia"}, "--home is not offered over SSH"},
		{[]string{"search", "--limit", "0", "alopecia"}, "--limit must be at least 1"},
	} {
		_, stderr, code := ssh(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.bib")); err == nil {
		t.Fatal("an SSH user wrote a file on the server")
	}
}
