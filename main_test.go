package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
)

// binary is the follicle executable built once for the tests of this package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "follicle-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "follicle")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// follicle runs the binary with args and returns stdout, stderr and the
// exit code.
func follicle(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run follicle: %v", err)
	}
	return stdout.String(), stderr.String(), code
}

func bundled(t *testing.T) *store.Library {
	t.Helper()
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestSearchJSON(t *testing.T) {
	home := t.TempDir()
	out, stderr, code := follicle(t, nil, "search", "--home", home, "--json", "--limit", "5", "baricitinib")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := nonEmptyLines(out)
	if len(lines) == 0 || len(lines) > 5 {
		t.Fatalf("want 1-5 JSON lines, got %d:\n%s", len(lines), out)
	}
	for _, l := range lines {
		var hit struct {
			PMID       string   `json:"pmid"`
			Title      string   `json:"title"`
			Year       int      `json:"year"`
			Journal    string   `json:"journal"`
			Score      float64  `json:"score"`
			Conditions []string `json:"conditions"`
			Drugs      []string `json:"drugs"`
		}
		if err := json.Unmarshal([]byte(l), &hit); err != nil {
			t.Fatalf("line is not JSON: %v\n%s", err, l)
		}
		if hit.PMID == "" || hit.Title == "" || hit.Year == 0 || hit.Journal == "" || hit.Score <= 0 || len(hit.Conditions) == 0 {
			t.Errorf("incomplete hit: %s", l)
		}
	}
}

func TestSearchFiltersMatchTheLibrary(t *testing.T) {
	lib := bundled(t)
	want := 0
	papers, err := lib.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range papers {
		if contains(p.Conditions, "alopecia-areata") && contains(p.Drugs, "baricitinib") {
			want++
		}
	}
	if want == 0 {
		t.Fatal("the corpus should have papers on baricitinib for alopecia areata")
	}
	out, stderr, code := follicle(t, nil, "search", "--home", t.TempDir(), "--json", "--limit", "1000",
		"--condition", "AA", "--drug", "Olumiant", "--sort", "newest")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := len(nonEmptyLines(out)); got != want {
		t.Fatalf("--condition AA --drug Olumiant gave %d papers, the library has %d", got, want)
	}
}

func TestStatsJSON(t *testing.T) {
	lib := bundled(t)
	home := t.TempDir()
	out, stderr, code := follicle(t, []string{"FOLLICLE_HOME=" + home}, "stats", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s struct {
		Papers, Conditions, Drugs int
		Index                     string
		Types                     map[string]int
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	if s.Papers != lib.Len() || s.Conditions != len(lib.Conditions()) || s.Drugs != len(lib.Drugs()) {
		t.Fatalf("stats %+v disagree with the library (%d papers)", s, lib.Len())
	}
	if !strings.HasPrefix(s.Index, home) {
		t.Fatalf("index %q should live under FOLLICLE_HOME %q", s.Index, home)
	}
	if len(s.Types) == 0 {
		t.Fatal("stats should count publication types")
	}
}

func TestCommandLineErrors(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"bad query", []string{"search", `"unclosed`}, 2, `follicle: query: unclosed quote " at column 1`},
		{"unbalanced brackets", []string{"search", "(("}, 2, "follicle: query: unclosed ( at column 2"},
		{"fuzziness out of range", []string{"search", "a~9"}, 2, "not ~9 at column 2"},
		{"unknown sort", []string{"search", "--sort", "sideways", "x"}, 2, "unknown sort"},
		{"unknown condition", []string{"search", "--condition", "no such thing", "x"}, 2, `unknown condition "no such thing"`},
		{"unknown flag", []string{"stats", "--frobnicate"}, 2, "flag provided but not defined"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad limit", []string{"search", "--limit", "0", "x"}, 2, "--limit"},
		{"home is a file", []string{"stats", "--home", "/dev/null"}, 1, "follicle: index at /dev/null/index"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if c.name != "home is a file" {
				args = append(args, "--home", t.TempDir())
			}
			_, stderr, code := follicle(t, nil, args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, stderr)
			}
			first := strings.SplitN(stderr, "\n", 2)[0]
			if !strings.Contains(first, c.stderr) {
				t.Fatalf("first stderr line %q lacks %q", first, c.stderr)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Fatalf("stack trace on stderr: %s", stderr)
			}
		})
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"search", "--help"}, {"stats", "-h"}} {
		out, stderr, code := follicle(t, nil, args...)
		if code != 0 || !strings.Contains(out, "Usage") {
			t.Errorf("follicle %v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
}

func TestCorruptIndexIsRebuilt(t *testing.T) {
	home := t.TempDir()
	if _, stderr, code := follicle(t, nil, "stats", "--home", home); code != 0 {
		t.Fatalf("first run: %s", stderr)
	}
	meta := filepath.Join(home, "index", "current", "index_meta.json")
	if err := os.WriteFile(meta, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := follicle(t, nil, "search", "--home", home, "--json", "baricitinib")
	if code != 0 || len(nonEmptyLines(out)) == 0 {
		t.Fatalf("search after corruption: exit %d, %d lines, stderr %s", code, len(nonEmptyLines(out)), stderr)
	}
}

func nonEmptyLines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			out = append(out, sc.Text())
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
