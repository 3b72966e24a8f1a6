package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a real terminal, as a person would.
// Each session has a tmux server of its own (its own socket): with one
// shared server, a session ending as the last one makes the server exit
// while another test's new-session is connecting to it.
type tmuxSession struct {
	t      *testing.T
	name   string
	socket string
}

func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is required in CI (.ci/run installs it)")
		}
		t.Skip("tmux not installed")
	}
}

func startTmux(t *testing.T, w, h int, command string) *tmuxSession {
	t.Helper()
	name := fmt.Sprintf("follicle-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())
	s := &tmuxSession{t: t, name: name, socket: name}
	s.run("new-session", "-d", "-s", s.name, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h),
		"env", "TERM=xterm-256color", "COLORTERM=truecolor", "sh", "-c", command)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) keys(keys ...string) {
	s.run(append([]string{"send-keys", "-t", s.name}, keys...)...)
}
func (s *tmuxSession) text(text string) { s.run("send-keys", "-t", s.name, "-l", text) }
func (s *tmuxSession) screen() string   { return s.run("capture-pane", "-p", "-t", s.name) }

// waitFor polls the screen until ok accepts it, and fails with the last
// screen after the timeout.
func (s *tmuxSession) waitFor(what string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *tmuxSession) waitText(subs ...string) string {
	s.t.Helper()
	return s.waitFor(strings.Join(subs, " + "), func(scr string) bool {
		for _, sub := range subs {
			if !strings.Contains(scr, sub) {
				return false
			}
		}
		return true
	})
}

var papersCount = regexp.MustCompile(`(\d+) papers? ·`)

func paperCount(t *testing.T, screen string) int {
	t.Helper()
	m := papersCount.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no paper count on screen:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestEndToEndTmux runs the real binary in tmux at 120×40 and 80×24: start,
// the three panes, typing a drug narrows the papers, a condition filter,
// the reader, help, a resize, and quitting with exit status 0.
func TestEndToEndTmux(t *testing.T) {
	requireTmux(t)
	bin := binary
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			home := t.TempDir()
			s := startTmux(t, size[0], size[1], fmt.Sprintf("%s --home %s; echo EXIT:$?; sleep 30", bin, home))
			wide := size[0] >= 100
			first := s.waitText("Conditions", "Drugs", "Papers", "sort: relevance")
			all := paperCount(t, first)
			if want := bundled(t).Len(); all != want {
				t.Fatalf("the opening screen should count all %d bundled papers, shows %d", want, all)
			}
			s.keys("/")
			s.text("baricitinib")
			narrowed := s.waitFor("the papers to narrow", func(scr string) bool {
				m := papersCount.FindStringSubmatch(scr)
				return m != nil && m[1] != strconv.Itoa(all) && strings.Contains(scr, "baricitinib")
			})
			n := paperCount(t, narrowed)
			if n == 0 || n >= all {
				t.Fatalf("typing a drug should narrow %d papers to fewer, got %d", all, n)
			}
			s.keys("Enter", "Tab") // to the papers, then to the conditions
			if !wide {
				s.waitText("Conditions") // the tab shows the conditions pane
			}
			s.keys("Enter")
			s.waitText("Filters:", "●")
			s.keys("Tab", "Tab", "Enter")
			s.waitText("PMID:", "esc back")
			s.keys("?")
			s.waitText("Keys in the reader", "next paper")
			s.keys("?")
			s.waitText("PMID:")
			s.run("resize-window", "-t", s.name, "-x", "70", "-y", "20")
			s.waitText("PMID:")
			s.keys("Escape")
			s.waitText("tab switches") // 70 columns: the narrow, tabbed layout
			s.run("resize-window", "-t", s.name, "-x", "50", "-y", "12")
			s.waitText("Terminal too small")
			s.run("resize-window", "-t", s.name, "-x", strconv.Itoa(size[0]), "-y", strconv.Itoa(size[1]))
			s.waitText("Papers")
			s.keys("q")
			s.waitText("EXIT:0")
		})
	}
}
