package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestDidYouMeanTmux types a misspelt drug into the real explorer in tmux,
// sees the suggestion in the status line, accepts it with ctrl+y and sees
// the corrected query in the search box with papers found.
func TestDidYouMeanTmux(t *testing.T) {
	requireTmux(t)
	home := t.TempDir()
	s := startTmux(t, 120, 40, fmt.Sprintf("%s --home %s; sleep 30", binary, home))
	s.waitText("Conditions", "Drugs", "sort: relevance")
	s.keys("/")
	s.text("barictinib")
	s.waitText("did you mean: baricitinib (ctrl+y)")
	s.keys("C-y")
	// The corrected query's results: the box holds it, the suggestion is
	// gone, and its search has answered (not "searching…") with papers.
	s.waitFor("the corrected query's papers", func(scr string) bool {
		m := papersCount.FindStringSubmatch(scr)
		return strings.Contains(scr, "baricitinib") && !strings.Contains(scr, "barictinib") &&
			!strings.Contains(scr, "did you mean") && !strings.Contains(scr, "searching") && m != nil && m[1] != "0"
	})
}
