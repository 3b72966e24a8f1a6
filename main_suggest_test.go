package main

import (
	"strings"
	"testing"
)

// The command line prints "did you mean" on stderr, so stdout stays the
// results alone (a pipe into another tool sees no suggestion).
func TestSearchSuggestsOnStderr(t *testing.T) {
	home := t.TempDir()
	cases := []struct{ query, want string }{
		{"barictinib", "did you mean: baricitinib"},
		{"minoxdil oral", "did you mean: minoxidil oral"},
		{"baricitinib", ""},
	}
	for _, c := range cases {
		out, stderr, code := follicle(t, nil, "search", "--home", home, "--json", c.query)
		if code != 0 {
			t.Fatalf("search %q: exit %d: %s", c.query, code, stderr)
		}
		if strings.Contains(out, "did you mean") {
			t.Errorf("search %q: suggestion on stdout", c.query)
		}
		got := ""
		for _, line := range strings.Split(stderr, "\n") {
			if strings.HasPrefix(line, "did you mean") {
				got = line
			}
		}
		if got != c.want {
			t.Errorf("search %q: stderr line %q, want %q", c.query, got, c.want)
		}
	}
}
