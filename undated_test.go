package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
