package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandLineTidy pins the command line's rough edges: global flags
// before the subcommand, help that lists the subcommands, one "follicle:"
// per error, clear refusals, and no empty export.
func TestCommandLineTidy(t *testing.T) {
	home := t.TempDir()
	cases := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string // wanted substrings
		notStderr      string
		stderrLines    int // 0: any
	}{
		{name: "home before the subcommand", args: []string{"--home", home, "stats"}, code: 0, stdout: "papers"},
		{name: "home= before the subcommand", args: []string{"--home=" + home, "search", "--limit", "1", "minoxidil"}, code: 0, stdout: "PMID"},
		{name: "help lists the subcommands", args: []string{"--help"}, code: 0, stdout: "follicle export --format"},
		{name: "a missing flag value", args: []string{"--home"}, code: 2, stderr: "follicle: flag needs an argument", notStderr: "follicle: follicle:"},
		{name: "export without a format", args: []string{"export", "--home", home}, code: 2, stderr: "bibtex, ris, medline, csv, vancouver or markdown"},
		{name: "export of nothing", args: []string{"export", "--home", home, "--format", "ris", "zzzqqqxxy"}, code: 1, stderr: "no paper matches"},
		{name: "import of a missing file", args: []string{"import", "--home", home, "/nonexistent"}, code: 1, stderr: "/nonexistent: no such file", stderrLines: 1},
		{name: "batch 0", args: []string{"import", "--home", home, "--batch", "0", "/dev/null"}, code: 2, stderr: "--batch 0"},
		{name: "remove a bundled paper", args: []string{"library", "remove", "--home", home, bundledPMID(t)}, code: 2, stderr: "PMID " + bundledPMID(t) + " is in the bundled corpus"},
		{name: "remove --help has no -json", args: []string{"library", "remove", "--help"}, code: 0, stdout: "Usage"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, stderr, code := follicle(t, nil, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, c.code, out, stderr)
			}
			if !strings.Contains(out, c.stdout) || !strings.Contains(stderr, c.stderr) {
				t.Fatalf("want stdout ∋ %q, stderr ∋ %q\nstdout %s\nstderr %s", c.stdout, c.stderr, out, stderr)
			}
			if c.notStderr != "" && strings.Contains(stderr, c.notStderr) {
				t.Fatalf("stderr has %q: %s", c.notStderr, stderr)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; c.stderrLines > 0 && n != c.stderrLines {
				t.Fatalf("stderr has %d lines, want %d: %s", n, c.stderrLines, stderr)
			}
			if c.name == "remove --help has no -json" && strings.Contains(out, "\n  -json") {
				t.Fatalf("library remove --help offers -json:\n%s", out)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(home, "zzzqqqxxy")); err == nil {
		t.Fatal("no file for an empty export")
	}
}

func bundledPMID(t *testing.T) string {
	t.Helper()
	return bundled(t).PMID(0)
}
