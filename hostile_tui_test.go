package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
)

// hostileHome imports the hostile record from every format into a new home.
func hostileHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	files, _ := hostileFiles(t, t.TempDir())
	follicle(t, nil, append([]string{"import", "--home", home}, files...)...)
	return home
}

// exploreHostile drives the explorer that command starts in tmux (through
// script(1), which records every byte the program sends to the terminal)
// to the hostile papers, into the reader and its copy menu, and checks the
// raw stream, the screen, the window title and the clipboard.
func exploreHostile(t *testing.T, command string) {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("script(1) is required in CI (util-linux, bsdutils on Debian)")
		}
		t.Skip("script(1) not installed")
	}
	raw := filepath.Join(t.TempDir(), "raw.log")
	s := startTmux(t, 120, 40, fmt.Sprintf("script -q -f -c %q %s; echo EXIT:$?; sleep 30", command, raw))
	s.run("set-option", "-g", "set-clipboard", "on")
	s.waitText("Papers", "sort: relevance")
	s.keys("/")
	s.text(hostile.Word)
	s.waitFor("the hostile papers", func(scr string) bool { return strings.Count(scr, hostile.Word) >= 6 })
	s.keys("Enter")
	for i := 0; i < 6; i++ {
		s.keys("Enter")
		s.waitText("PMID:", "esc back")
		s.keys("y")
		s.waitText("press a key")
		s.keys("Escape")
		s.waitFor("the copy menu to close", func(scr string) bool { return !strings.Contains(scr, "press a key") })
		s.keys("Escape")
		s.waitFor("the reader to close", func(scr string) bool { return !strings.Contains(scr, "esc back ·") })
		s.keys("Down")
	}
	scr := s.screen()
	s.keys("q")
	s.waitText("EXIT:")
	if title := s.run("display-message", "-p", "-t", s.name, "#{pane_title}"); strings.Contains(title, "PWNED") {
		t.Errorf("the window title was changed to %q", title)
	}
	if bufs := strings.TrimSpace(s.run("list-buffers")); bufs != "" {
		t.Errorf("something was written to the clipboard: %s", bufs)
	}
	if err := hostile.CheckPlain("screen", []byte(scr)); err != nil {
		t.Error(err)
	}
	out, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(hostile.Word)) {
		t.Fatalf("the session never showed the hostile papers:\n%q", out)
	}
	if err := hostile.CheckScreen("terminal stream", out, true); err != nil {
		t.Error(err)
	}
}

// TestHostileRecordInExplorer: the local explorer, list and reader views.
func TestHostileRecordInExplorer(t *testing.T) {
	requireTmux(t)
	home := hostileHome(t)
	exploreHostile(t, fmt.Sprintf("%s --home %s", binary, home))
}

// TestHostileRecordOverSSH: the same through "follicle serve" and the
// OpenSSH client on 127.0.0.1.
func TestHostileRecordOverSSH(t *testing.T) {
	requireTmux(t)
	sshPath := requireSSH(t)
	home := hostileHome(t)
	key, authorized := sshKey(t)
	port := freePort(t)
	var logs bytes.Buffer
	srv := exec.Command(binary, "serve", "--home", home, "--listen", "127.0.0.1:"+port, "--authorized-keys", authorized)
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
	waitListening(t, "127.0.0.1:"+port)
	exploreHostile(t, fmt.Sprintf("%s -tt -i %s -p %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR student@127.0.0.1",
		sshPath, key, port))
	if err := hostile.CheckPlain("server log", logs.Bytes()); err != nil {
		t.Error(err)
	}
}

func requireSSH(t *testing.T) string {
	t.Helper()
	sshPath, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the OpenSSH client is required in CI (.ci/run installs it)")
		}
		t.Skip("OpenSSH client not installed")
	}
	return sshPath
}

// sshKey makes a client key and an authorized_keys file holding it.
func sshKey(t *testing.T) (key, authorized string) {
	t.Helper()
	dir := t.TempDir()
	key = filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, _ := os.ReadFile(key + ".pub")
	authorized = filepath.Join(dir, "authorized_keys")
	os.WriteFile(authorized, pub, 0o600)
	return key, authorized
}
