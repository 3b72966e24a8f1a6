package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
)

// TestQueryLinesTmux: in the real explorer, the line under the search box
// says when no paper has every word and how the query was understood, and
// a malformed query names its mistake while the previous results stay.
func TestQueryLinesTmux(t *testing.T) {
	requireTmux(t)
	home := t.TempDir()
	s := startTmux(t, 120, 40, fmt.Sprintf("%s --home %s; echo EXIT:$?; sleep 30", binary, home))
	s.waitText("Conditions", "Drugs", "Papers", "sort: relevance")
	s.keys("/")
	s.text("JAK inhibitors alopecia areata xyzzyq")
	partial := s.waitText("no paper has all 5 words: showing those with 4 or more")
	n := paperCount(t, partial)
	if n == 0 || n >= bundled(t).Len() {
		t.Fatalf("most words: %d papers", n)
	}
	s.keys("C-u")
	s.text("drug:Olumiant")
	s.waitText("Query: drug:Olumiant → drug baricitinib (filter)")
	s.keys("C-u")
	s.text("Olumiant")
	shown := s.waitText("Olumiant → drug baricitinib, also LY3009104")
	before := panePaperCount(t, shown)
	s.text(" ((")
	scr := s.waitText("unclosed ( at column 11", "previous results kept")
	if got := panePaperCount(t, scr); got != before {
		t.Fatalf("a malformed query changed the list from %d to %d papers", before, got)
	}
	s.keys("C-c")
	s.waitText("EXIT:0")
}

// TestSearchCommandSaysHowItRead: follicle search prints the same lines
// on stderr, and --explain the details.
func TestSearchCommandSaysHowItRead(t *testing.T) {
	home := t.TempDir()
	out, stderr, code := follicle(t, nil, "search", "--home", home, "--limit", "100", "JAK inhibitors alopecia areata xyzzyq")
	if code != 0 || !strings.Contains(stderr, "no paper has all 5 words: showing those with 4 or more") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if lines := strings.Count(out, "\n") - 1; lines < 1 {
		t.Fatalf("no papers listed:\n%s", out)
	}
	_, stderr, code = follicle(t, nil, "search", "--home", home, "--explain", "Olumiant", "year:>=2020")
	if code != 0 || !strings.Contains(stderr, "query: Olumiant → drug baricitinib, also LY3009104") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	_, stderr, code = follicle(t, nil, "search", "--home", home, "alopecia[mh]")
	if code != 0 || !strings.Contains(stderr, "note: alopecia[mh] matched the heading itself") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	// The same papers as the explorer's request: AND by default.
	both, _, _ := follicle(t, nil, "search", "--home", home, "--json", "--limit", "500", "ritlecitinib", "year:>=2020")
	all, _, _ := follicle(t, nil, "search", "--home", home, "--json", "--limit", "500", "ritlecitinib")
	since := 0
	for _, line := range strings.Split(strings.TrimSpace(all), "\n") {
		if i := strings.Index(line, `"year":`); i >= 0 {
			if y, err := strconv.Atoi(line[i+7 : i+11]); err == nil && y >= 2020 {
				since++
			}
		}
	}
	if got := strings.Count(strings.TrimSpace(both), "\n") + 1; since == 0 || got != since {
		t.Fatalf("ritlecitinib year:>=2020: %d papers, want the %d since 2020", got, since)
	}
}

// TestMeSHExplodesAfterImport: import --mesh keeps the tree, and [mh]
// then explodes along it: PubMed's own search for a real export finds
// (nearly) every record of it offline.
func TestMeSHExplodesAfterImport(t *testing.T) {
	home := t.TempDir()
	tree := testdata.Path(t, filepath.FromSlash("vocab/mesh2017_MeshTree.tsv.gz"))
	export := testdata.Path(t, filepath.FromSlash("pubmed-xml/pubMR_neoplasms_serine_2017-2018.xml.gz"))
	strategy := `"neoplasms"[MeSH] AND "serine/metabolism"[MeSH]`
	before, stderr, code := follicle(t, nil, "search", "--home", home, "--json", "--limit", "500", strategy)
	if code != 0 || strings.TrimSpace(before) != "" || !strings.Contains(stderr, "no MeSH tree to explode it") {
		t.Fatalf("before the import: exit %d, %d lines, stderr:\n%s", code, strings.Count(before, "\n"), stderr)
	}
	if _, stderr, code := follicle(t, nil, "import", "--home", home, "--mesh", tree, export); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	out, stderr, code := follicle(t, nil, "search", "--home", home, "--explain", "--json", "--limit", "500", strategy)
	if code != 0 || !strings.Contains(stderr, `"neoplasms"[mesh] → MeSH heading neoplasms and the `) {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if found := strings.Count(out, "\n"); found < 90 {
		t.Fatalf("%d of the export's 93 records found", found)
	}
}

var paneTitleCount = regexp.MustCompile(`Papers (\d+)`)

// panePaperCount reads the papers pane's title, which keeps its count while
// the status line shows a query's mistake instead of the count.
func panePaperCount(t *testing.T, screen string) int {
	t.Helper()
	m := paneTitleCount.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no papers pane title on screen:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
