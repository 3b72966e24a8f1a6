package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStudyWorkflowTmux marks two papers, tags one, writes a note, exports
// BibTeX from the explorer, then kills the process with SIGKILL and checks
// that a restart and the command line still see everything.
func TestStudyWorkflowTmux(t *testing.T) {
	requireTmux(t)
	home := t.TempDir()
	s := startTmux(t, 120, 40, fmt.Sprintf("%s --home %s; sleep 30", binary, home))
	s.waitText("sort: relevance")
	s.keys("Space", "Down", "Space")
	s.waitFor("two stars", func(scr string) bool { return strings.Count(scr, "★") == 2 })
	s.keys("t")
	s.waitText("Tags for “")
	s.text("exam, jak review")
	s.keys("Enter")
	s.waitText("#exam #jak") // the tag line may be cut at the pane's edge
	s.keys("e")
	s.waitText("Note on “")
	s.text("compare with BRAVE-AA2")
	s.keys("C-s")
	s.keys("m")
	s.waitText("● reading list (2)", "Papers 2")
	s.keys("E")
	s.waitText("Export your reading list")
	s.keys("b")
	scr := s.waitText("exported 2 papers to")
	files, _ := filepath.Glob(filepath.Join(home, "data", "exports", "*.bib"))
	if len(files) != 1 {
		t.Fatalf("exports %v; screen:\n%s", files, scr)
	}
	bib, _ := os.ReadFile(files[0])
	if strings.Count(string(bib), "@article{") != 2 {
		t.Fatalf("BibTeX export:\n%s", bib)
	}
	killFollicle(t, s)
	out, stderr, code := follicle(t, nil, "search", "--home", home, "--json", "tag:jak-review note:BRAVE")
	if code != 0 || len(nonEmptyLines(out)) != 1 {
		t.Fatalf("after SIGKILL the tag and note must survive: exit %d, %q %s", code, out, stderr)
	}
	out, _, _ = follicle(t, nil, "export", "--home", home, "--format", "vancouver", "--marked")
	if len(nonEmptyLines(out)) != 2 {
		t.Fatalf("after SIGKILL the reading list must survive: %q", out)
	}
	s2 := startTmux(t, 120, 40, fmt.Sprintf("%s --home %s; sleep 30", binary, home))
	s2.waitText("sort: relevance")
	s2.keys("m")
	s2.waitText("● reading list (2)", "Papers 2", "#exam #jak")
}

// killFollicle sends SIGKILL to the follicle process running in a session:
// the child of the pane's shell, found through /proc.
func killFollicle(t *testing.T, s *tmuxSession) {
	t.Helper()
	shell := strings.TrimSpace(s.run("display-message", "-p", "-t", s.name, "#{pane_pid}"))
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	killed := 0
	for _, stat := range stats {
		b, err := os.ReadFile(stat)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: the command name may hold spaces.
		rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
		if f := strings.Fields(rest); len(f) > 1 && f[1] == shell {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(stat)))
			if syscall.Kill(pid, syscall.SIGKILL) == nil {
				killed++
			}
		}
	}
	if killed == 0 {
		t.Fatal("no follicle process to kill")
	}
	time.Sleep(200 * time.Millisecond)
}

// TestNoteInEditorTmux edits a note in $EDITOR from the note dialog.
func TestNoteInEditorTmux(t *testing.T) {
	requireTmux(t)
	home := t.TempDir()
	editor := filepath.Join(t.TempDir(), "editor.sh")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\nprintf ' and from the editor' >> \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, 120, 40, fmt.Sprintf("EDITOR=%s %s --home %s; sleep 30", editor, binary, home))
	s.waitText("sort: relevance")
	s.keys("e")
	s.waitText("ctrl+e opens $EDITOR")
	s.text("typed here")
	s.keys("C-e")
	// The status line names the note only once the editor has exited and the
	// UI holds the terminal again; keys sent earlier would go to the editor.
	s.waitText("saved from $EDITOR")
	s.keys("Enter")
	s.waitText("Your note:", "typed here and from the editor")
}
