package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/store"
)

// hostileFiles writes the one hostile record in every import format, each
// with its own PMID, plus a record whose PMID is itself an attack. It
// returns the files and the PMIDs that must be imported.
func hostileFiles(t *testing.T, dir string) ([]string, []string) {
	t.Helper()
	rec := func(pmid string, xmlSafe bool) hostile.Record { return hostile.New(pmid, xmlSafe) }
	files := map[string][]byte{
		"hostile.jsonl":    append(rec("91000001", false).JSONL(), rec(hostile.PMIDAttack, false).JSONL()...),
		"hostile.nbib":     append(rec("91000002", false).MEDLINE(), rec(hostile.PMIDAttack, false).MEDLINE()...),
		"hostile.xml":      hostile.PubMedXML(rec("91000003", true), rec(hostile.PMIDAttackC1, true)),
		"hostile.pubtator": append(rec("91000004", false).PubTator(), rec(hostile.PMIDAttack, false).PubTator()...),
		"hostile.bioc.xml": hostile.BioC(rec("91000005", true), rec(hostile.PMIDAttackC1, true)),
		"hostile.csv":      hostile.PubMedCSV(rec("91000006", false), rec(hostile.PMIDAttack, false)),
	}
	var names []string
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, path)
	}
	return names, []string{"91000001", "91000002", "91000003", "91000004", "91000005", "91000006"}
}

// checkClean fails when an output carries any byte of an escape sequence or
// a control character.
func checkClean(t *testing.T, name, out string) {
	t.Helper()
	if err := hostile.CheckPlain(name, []byte(out)); err != nil {
		t.Error(err)
	}
}

// TestHostileRecordEveryCommand feeds the hostile record through every
// reader (one import per format, so each format's errors are seen) and
// every command's output: import errors, search, search --json, library
// list (both forms), stats (both forms) and export in every format to
// standard output. Not one byte of an escape sequence or a control
// character may come out, and no CSV cell may start a formula.
func TestHostileRecordEveryCommand(t *testing.T) {
	home := t.TempDir()
	files, want := hostileFiles(t, t.TempDir())
	for _, f := range files {
		out, errOut, code := follicle(t, nil, "import", "--home", home, f)
		checkClean(t, "import stdout "+filepath.Base(f), out)
		checkClean(t, "import stderr "+filepath.Base(f), errOut)
		if code != 1 || !strings.Contains(errOut, "skipped") || !strings.Contains(out, "1 added") {
			t.Errorf("import %s: the hostile PMID must be refused and the record kept: exit %d\n%s\n%s", filepath.Base(f), code, out, errOut)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") > 4 {
			t.Errorf("import %s: errors should be one line each:\n%s", filepath.Base(f), errOut)
		}
	}
	c0XML := filepath.Join(t.TempDir(), "c0.xml")
	os.WriteFile(c0XML, []byte(strings.Replace(string(hostile.PubMedXML(hostile.New("91000009", true))), "zorbulax title", "zorbulax "+hostile.Payload(false), 1)), 0o600)
	out, errOut, code := follicle(t, nil, "import", "--home", home, c0XML)
	checkClean(t, "import stdout c0.xml", out)
	checkClean(t, "import stderr c0.xml", errOut)
	if code != 1 || !strings.Contains(errOut, "c0.xml") {
		t.Errorf("an XML file with C0 characters is unreadable and must say so: exit %d\n%s", code, errOut)
	}
	checkOutputs(t, home, want)
}

// TestHostileRecordStoredRaw puts the hostile record into the library as
// it is, bypassing the readers (a library written by an older version), and
// checks that every command still escapes it on the way out.
func TestHostileRecordStoredRaw(t *testing.T) {
	home := t.TempDir()
	db, err := store.OpenDB(filepath.Join(home, "data", "library.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	r := hostile.New("92000001", false)
	p := store.Paper{PMID: r.PMID, DOI: r.DOI, Title: r.Title, Authors: []string{r.Author}, Journal: r.Journal, Year: 2020,
		Month: r.Month + hostile.OSCTitle, Volume: r.Volume, Issue: r.Issue, Pages: r.Pages, PubTypes: []string{r.PubType},
		MeSH: []string{r.MeSH}, Keywords: []string{r.Keyword}, Language: r.Language,
		Abstract: []store.Section{{Label: "L" + hostile.OSC52, Text: r.Abstract}}, Origin: store.OriginImported}
	if _, err := db.Apply([]store.Change{{Put: &p, Version: 1}}, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	checkOutputs(t, home, []string{r.PMID})
}

func checkOutputs(t *testing.T, home string, pmids []string) {
	t.Helper()
	commands := [][]string{
		{"search", hostile.Word, "--limit", "50"},
		{"search", "--json", "--limit", "50", hostile.Word},
		{"library", "list"},
		{"library", "list", "--json"},
		{"stats"},
		{"stats", "--json"},
	}
	for _, f := range []string{"bibtex", "ris", "medline", "csv", "vancouver"} {
		commands = append(commands, []string{"export", "--format", f, hostile.Word})
	}
	for _, args := range commands {
		name := strings.Join(args, " ")
		out, errOut, code := follicle(t, nil, append(args, "--home", home)...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, errOut)
			continue
		}
		checkClean(t, name+" (stdout)", out)
		checkClean(t, name+" (stderr)", errOut)
		if !strings.HasPrefix(args[0], "stats") {
			for _, pmid := range pmids {
				if !strings.Contains(out, pmid) {
					t.Errorf("%s: PMID %s missing from the output", name, pmid)
				}
			}
		}
		if name == "search --json --limit 50 "+hostile.Word {
			checkJSONLines(t, name, out, len(pmids))
		}
		if args[0] == "export" && args[2] == "csv" {
			checkNoFormula(t, out)
		}
	}
}

func checkJSONLines(t *testing.T, name, out string, n int) {
	t.Helper()
	lines := nonEmptyLines(out)
	if len(lines) != n {
		t.Errorf("%s: %d lines, want %d", name, len(lines), n)
	}
	for _, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Errorf("%s: not JSON: %v", name, err)
		}
		if strings.Contains(l, `\u00`) {
			t.Errorf("%s: an escaped control character is still a control character: %s", name, l)
		}
	}
}

// checkNoFormula parses CSV output and fails on a cell that a spreadsheet
// would run as a formula (OWASP: = + - @ tab CR at the start).
func checkNoFormula(t *testing.T, out string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv export does not parse: %v", err)
	}
	if len(rows) < 2 {
		t.Fatalf("csv export has no papers:\n%s", out)
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("csv row %d column %d starts a formula: %q", i, j, cell)
			}
		}
	}
	fmt.Fprint(os.Stderr)
}
