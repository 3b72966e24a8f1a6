package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

// TestVocabCommand imports a vocabulary a user wrote and the real MeSH
// tree, imports a MEDLINE file whose papers get tagged with them, lists
// and removes a vocabulary (which re-tags), and checks the errors.
func TestVocabCommand(t *testing.T) {
	home := t.TempDir()
	mine := filepath.Join(t.TempDir(), "mine.tsv")
	if err := os.WriteFile(mine, []byte("# my words\nX1\tcondition\tBlue-light acne\tacne vulgaris lesions\nX2\tdrug\tBlue light therapy\tblue-light therapy|phototherapy with blue light\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tree := testdata.Path(t, "vocab", "mesh2017_MeshTree.tsv.gz")
	out, stderr, code := follicle(t, nil, "vocab", "import", "--home", home, mine, tree)
	if code != 0 || !strings.Contains(out, "mine.tsv: imported, 2 concepts") || !strings.Contains(out, "mesh2017_MeshTree.tsv.gz: imported") {
		t.Fatalf("vocab import: exit %d\n%s\n%s", code, out, stderr)
	}
	out, _, code = follicle(t, nil, "vocab", "list", "--home", home)
	if code != 0 || !strings.Contains(out, "mine.tsv") || !strings.Contains(out, "2 vocabularies") {
		t.Fatalf("vocab list: %s", out)
	}
	nbib := testdata.Path(t, "medline", "reflib_blue-light-acne.nbib")
	if out, stderr, code = follicle(t, nil, "import", "--home", home, nbib); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, stderr)
	}
	if n := linkedTo(t, home, "mesh-d000152"); n < 30 { // Acne Vulgaris, from MeSH
		t.Fatalf("%d papers linked to Acne Vulgaris", n)
	}
	if out, _, code = follicle(t, nil, "vocab", "remove", "--home", home, "mesh2017_MeshTree.tsv.gz"); code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("vocab remove: exit %d %s", code, out)
	}
	if n := linkedTo(t, home, "mesh-d000152"); n != 0 {
		t.Fatalf("after removing MeSH, %d papers are still linked to Acne Vulgaris by the recogniser", n)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"vocab", "--home"}, 2, "unknown subcommand \"--home\""},
		{[]string{"vocab", "import"}, 2, "name at least one vocabulary file"},
		{[]string{"vocab", "frobnicate"}, 2, "unknown subcommand"},
		{[]string{"vocab", "remove", "nosuch.tsv"}, 1, `no vocabulary called "nosuch.tsv"`},
		{[]string{"vocab", "import", nbib}, 1, "reflib_blue-light-acne.nbib: not a MeSH tree file"},
	}
	for _, c := range cases {
		_, stderr, code := follicle(t, nil, append(c.args, "--home", home)...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
}

// linkedTo counts the library's papers linked to entity id, through
// library list --json, whose mentions must point into each paper's text.
func linkedTo(t *testing.T, home, id string) int {
	t.Helper()
	out, _, code := follicle(t, nil, "library", "list", "--json", "--home", home)
	if code != 0 {
		t.Fatalf("library list: exit %d", code)
	}
	n := 0
	for _, line := range nonEmptyLines(out) {
		var p struct {
			store.Paper
			Entities []struct{ ID, Kind, Name string }
		}
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Entities) != len(p.Conditions)+len(p.Drugs) {
			t.Fatalf("paper %s: %d entity names for %d links", p.PMID, len(p.Entities), len(p.Conditions)+len(p.Drugs))
		}
		for _, c := range p.Conditions {
			if c == id {
				n++
			}
		}
		for _, m := range p.Mentions {
			if m.End > len(p.LinkedText()) {
				t.Fatalf("paper %s: mention %+v past its text", p.PMID, m)
			}
		}
	}
	return n
}
