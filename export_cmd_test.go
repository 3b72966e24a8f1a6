package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/follicle/follicle/store"
)

// undatedMEDLINE is an invented imported record with no date (no DP line)
// and no journal.
const undatedMEDLINE = `PMID- 99000001
TI  - An undated record for a test.
AU  - Doe J
PT  - Journal Article
`

// TestUndatedImportShowsNoZero: an imported paper without a year shows no
// "0" in library list or in any export.
func TestUndatedImportShowsNoZero(t *testing.T) {
	home := t.TempDir()
	file := filepath.Join(home, "undated.nbib")
	if err := os.WriteFile(file, []byte(undatedMEDLINE), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := follicle(t, nil, "import", "--home", home, file); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, stderr)
	}
	out, _, _ := follicle(t, nil, "library", "list", "--home", home)
	if !regexp.MustCompile(`(?m)^99000001\s+-\s+`).MatchString(out) {
		t.Fatalf("library list should show - for no year:\n%s", out)
	}
	for _, f := range []string{"vancouver", "bibtex", "ris", "csv", "markdown"} {
		out, stderr, code := follicle(t, nil, "export", "--home", home, "--source", "imported", "--format", f)
		if code != 0 || !strings.Contains(out, "99000001") {
			t.Fatalf("export %s: exit %d\n%s%s", f, code, out, stderr)
		}
		for _, bad := range []string{" 0.", "{0}", "Doe0", " 0,", "..", "PY  -"} {
			if strings.Contains(out, bad) {
				t.Errorf("export %s shows %q:\n%s", f, bad, out)
			}
		}
	}
}

// TestExportCommandCarriesTagsAndNotes: follicle export writes the user's
// tags and note with the paper, and the study sheet lists them.
func TestExportCommandCarriesTagsAndNotes(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	state := store.StateFile{Path: filepath.Join(home, "data", "state.db")}
	if err := state.SetTags("", "37042112", []string{"exam", "jak"}); err != nil {
		t.Fatal(err)
	}
	if err := state.SetNote("", "37042112", "Read before the seminar."); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"markdown", []string{"# Study sheet", "**Tags:** `exam` `jak`", "> Read before the seminar.", "Summary written for Follicle, not the authors' abstract"}},
		{"bibtex", []string{"keywords = {", "exam, jak}", "annote = {Note: Read before the seminar. -- Summary written for Follicle"}},
		{"csv", []string{"Your Tags", "exam, jak", "Read before the seminar."}},
	} {
		out, stderr, code := follicle(t, nil, "export", "--home", home, "--format", tc.format, "tag:exam")
		if code != 0 {
			t.Fatalf("export %s: exit %d\n%s", tc.format, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("export %s lacks %q:\n%s", tc.format, w, out)
			}
		}
	}
}
