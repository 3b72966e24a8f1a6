package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

func TestImportCommand(t *testing.T) {
	home := t.TempDir()
	nbib := testdata.Path(t, "medline", "reflib_blue-light-acne.nbib")
	out, stderr, code := follicle(t, nil, "import", "--home", home, nbib)
	if code != 0 || !strings.Contains(out, "read 80 records from 1 file in") || !strings.Contains(out, "80 added") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, stderr)
	}
	out, _, code = follicle(t, nil, "import", "--home", home, nbib)
	if code != 0 || !strings.Contains(out, "0 added, 0 updated, 80 unchanged") {
		t.Fatalf("re-import should change nothing: %s", out)
	}
	out, _, _ = follicle(t, nil, "library", "list", "--home", home)
	if !strings.Contains(out, "80 imported papers") {
		t.Fatalf("library list: %s", out)
	}
	out, _, code = follicle(t, nil, "search", "--home", home, "--json", "--limit", "100", "blue light acne")
	if code != 0 || len(nonEmptyLines(out)) < 10 {
		t.Fatalf("search should find the imported papers: exit %d, %d lines", code, len(nonEmptyLines(out)))
	}
	imported, _, _ := follicle(t, nil, "search", "--home", home, "--json", "--limit", "1000", "--source", "imported", "acne")
	bundled, _, _ := follicle(t, nil, "search", "--home", home, "--json", "--limit", "1000", "--source", "bundled", "acne")
	importedPMIDs := pmidsOf(t, imported)
	if len(importedPMIDs) < 10 {
		t.Fatalf("--source imported should find the imported acne papers: %s", imported)
	}
	for pmid := range pmidsOf(t, bundled) {
		if importedPMIDs[pmid] {
			t.Fatalf("--source bundled must leave out the imported paper %s", pmid)
		}
	}
	stats, _, _ := follicle(t, nil, "stats", "--home", home, "--json")
	if !strings.Contains(stats, `"imported": 80`) {
		t.Fatalf("stats should count imported papers: %s", stats)
	}
	out, _, code = follicle(t, nil, "library", "remove", "--home", home, "26335456")
	if code != 0 || !strings.Contains(out, "removed 1 paper") {
		t.Fatalf("library remove: exit %d %s", code, out)
	}
}

func TestImportBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.nbib")
	os.WriteFile(bad, []byte("PMID- 1\nTI  - fine\n\nPMID- 2\nthis line has no tag\n\nPMID- 3\nTI  - also fine\n"), 0o644)
	unknown := filepath.Join(dir, "notes.txt")
	os.WriteFile(unknown, []byte("just some notes\n"), 0o644)
	home := t.TempDir()
	out, stderr, code := follicle(t, nil, "import", "--home", home, bad)
	if code != 1 || !strings.Contains(out, "2 added") || !strings.Contains(stderr, "broken.nbib: line 4, record 2, PMID 2: line 5 has no tag") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
	_, stderr, code = follicle(t, nil, "import", "--home", home, unknown, filepath.Join(dir, "missing.xml"))
	if code != 1 || !strings.Contains(stderr, "notes.txt: not a recognised format") || !strings.Contains(stderr, "missing.xml") {
		t.Fatalf("exit %d stderr %s", code, stderr)
	}
	if strings.Contains(stderr, "goroutine") {
		t.Fatal("stack trace")
	}
}

// TestImportSurvivesSIGKILL kills an import midway and checks that the
// library holds whole batches, opens cleanly, and that importing again
// completes it.
func TestImportSurvivesSIGKILL(t *testing.T) {
	home := t.TempDir()
	corpus := testdata.Path(t, "bc5cdr", "CDR_TrainingSet.PubTator.txt")
	cmd := exec.Command(binary, "import", "--home", home, "--batch", "1", corpus)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	deadline := time.Now().Add(20 * time.Second)
	for sc.Scan() && time.Now().Before(deadline) {
		if strings.Contains(sc.Text(), "records") {
			break
		}
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	db, err := store.OpenDB(filepath.Join(home, "data", "library.db"), true)
	if err != nil {
		t.Fatalf("library after SIGKILL: %v", err)
	}
	papers, err := db.Papers()
	db.Close()
	if err != nil || len(papers) == 0 || len(papers) >= 1000 {
		t.Fatalf("after the kill the library holds %d papers (err %v); want a part of 1000", len(papers), err)
	}
	out, stderrText, code := follicle(t, nil, "import", "--home", home, corpus)
	if code != 0 || !strings.Contains(out, "read 1000 records") {
		t.Fatalf("import after the kill: exit %d\n%s\n%s", code, out, stderrText)
	}
	db, _ = store.OpenDB(filepath.Join(home, "data", "library.db"), true)
	defer db.Close()
	if n, _ := db.Count(); n != 1000 {
		t.Fatalf("library holds %d papers, want 1000", n)
	}
}

// TestFetchCommand runs "follicle fetch" against a loopback server that
// answers like E-utilities with real PubMed XML.
func TestFetchCommand(t *testing.T) {
	srv := newLoopbackEutils(t)
	home := t.TempDir()
	out, stderr, code := follicle(t, nil, "fetch", "--home", home, "--base", srv, "--max", "20", "--api-key", "k", "serine neoplasms")
	if code != 0 || !strings.Contains(out, "20 added") {
		t.Fatalf("fetch: exit %d\n%s\n%s", code, out, stderr)
	}
	_, stderr, code = follicle(t, nil, "fetch", "--home", home, "--base", "http://127.0.0.1:1/", "x")
	if code != 1 || !strings.Contains(stderr, "esearch.fcgi") {
		t.Fatalf("an unreachable server: exit %d, %s", code, stderr)
	}
}

// TestExportRoundTrip exports imported papers as MEDLINE and imports the
// file into a fresh library: the same papers come back unchanged.
func TestExportRoundTrip(t *testing.T) {
	home := t.TempDir()
	if _, stderr, code := follicle(t, nil, "import", "--home", home, testdata.Path(t, "medline", "reflib_blue-light-acne.nbib")); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(t.TempDir(), "export.nbib")
	if _, stderr, code := follicle(t, nil, "export", "--home", home, "--format", "medline", "--source", "imported", "--output", out, "acne"); code != 0 {
		t.Fatal(stderr)
	}
	home2 := t.TempDir()
	stdout, stderr, code := follicle(t, nil, "import", "--home", home2, out)
	if code != 0 || !strings.Contains(stdout, "added") {
		t.Fatalf("re-import: %s %s", stdout, stderr)
	}
	a, _, _ := follicle(t, nil, "library", "list", "--json", "--home", home)
	b, _, _ := follicle(t, nil, "library", "list", "--json", "--home", home2)
	want := map[string]string{}
	for _, l := range nonEmptyLines(a) {
		var p store.Paper
		json.Unmarshal([]byte(l), &p)
		p.Conditions, p.Drugs = nil, nil
		j, _ := json.Marshal(p)
		want[p.PMID] = string(j)
	}
	lines := nonEmptyLines(b)
	if len(lines) < 20 {
		t.Fatalf("only %d papers came back", len(lines))
	}
	for _, l := range lines {
		var p store.Paper
		json.Unmarshal([]byte(l), &p)
		p.Conditions, p.Drugs = nil, nil
		j, _ := json.Marshal(p)
		if want[p.PMID] != string(j) {
			t.Fatalf("paper %s changed:\n%s\n%s", p.PMID, want[p.PMID], j)
		}
	}
}

// TestImportCtrlC interrupts an import with SIGINT: it stops between
// batches, says so on one line, exits 1, and keeps every batch it wrote.
func TestImportCtrlC(t *testing.T) {
	home := t.TempDir()
	corpus := testdata.Path(t, "bc5cdr", "CDR_TrainingSet.PubTator.txt")
	cmd := exec.Command(binary, "import", "--home", home, "--batch", "1", corpus)
	var stderr strings.Builder
	pipe, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(pipe)
	sc.Scan() // the first progress line: the import is under way
	stderr.WriteString(sc.Text() + "\n")
	cmd.Process.Signal(os.Interrupt)
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
	}
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "import interrupted; every batch written so far is complete and kept") {
		t.Fatalf("exit %v, stderr:\n%s", err, stderr.String())
	}
	db, err := store.OpenDB(filepath.Join(home, "data", "library.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.Count(); n == 0 || n >= 1000 {
		t.Fatalf("after Ctrl+C the library holds %d papers", n)
	}
}

// pmidsOf collects the PMIDs of "search --json" output.
func pmidsOf(t *testing.T, out string) map[string]bool {
	t.Helper()
	pmids := map[string]bool{}
	for _, line := range nonEmptyLines(out) {
		var hit struct{ PMID string }
		if err := json.Unmarshal([]byte(line), &hit); err != nil {
			t.Fatalf("search --json line %q: %v", line, err)
		}
		pmids[hit.PMID] = true
	}
	return pmids
}
