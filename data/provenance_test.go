package data_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/follicle/follicle/data/internal/scholarly"
)

// provenanceLine is one line of provenance.jsonl: the pages a record's
// facts were seen on, for maintainers (not embedded, never shown).
type provenanceLine struct {
	PMID  string `json:"pmid"`
	Pages []struct {
		URL string `json:"url"`
		Saw string `json:"saw"`
	} `json:"pages"`
}

// TestProvenance: every bundled paper has a provenance line naming at least
// one trustworthy page and what was seen there; no line is left over.
func TestProvenance(t *testing.T) {
	papers, _, _ := loadCorpus(t)
	lines := map[string]provenanceLine{}
	eachLine(t, "provenance.jsonl", func(n int, b []byte) {
		var l provenanceLine
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("provenance.jsonl:%d: %v", n, err)
		}
		if _, dup := lines[l.PMID]; dup {
			t.Errorf("provenance.jsonl:%d: second line for %s", n, l.PMID)
		}
		lines[l.PMID] = l
		if len(l.Pages) == 0 {
			t.Errorf("provenance.jsonl:%d: %s lists no page", n, l.PMID)
		}
		for _, p := range l.Pages {
			if !scholarly.Allowed(p.URL) {
				t.Errorf("provenance.jsonl:%d: %s is not on the scholarly allow-list", n, p.URL)
			}
			if strings.TrimSpace(p.Saw) == "" {
				t.Errorf("provenance.jsonl:%d: %s does not say what was seen there", n, p.URL)
			}
		}
	})
	for _, p := range papers {
		if _, ok := lines[p.PMID]; !ok {
			t.Errorf("paper %s has no provenance line", p.PMID)
		}
		delete(lines, p.PMID)
	}
	for pmid := range lines {
		t.Errorf("provenance.jsonl has a line for %s, which is not a bundled paper", pmid)
	}
}

// TestRecordsHaveNoSourceField: provenance lives in provenance.jsonl; a
// record carries only bibliographic facts, digest and curation.
func TestRecordsHaveNoSourceField(t *testing.T) {
	eachLine(t, "papers.jsonl", func(n int, b []byte) {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(b, &rec); err != nil {
			t.Fatalf("papers.jsonl:%d: %v", n, err)
		}
		if _, ok := rec["source"]; ok {
			t.Errorf("papers.jsonl:%d: has a source field (provenance goes in provenance.jsonl)", n)
		}
	})
}

var reURL = regexp.MustCompile(`(?i)\b(?:https?|ftp)://[^\s"'<>)\]]+`)

// TestOnlyScholarlyLinks refuses any address in data/ (records, lexicon,
// provenance, notes) whose host is not on the scholarly allow-list, and
// any plain-http address.
func TestOnlyScholarlyLinks(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, u := range reURL.FindAllString(string(b), -1) {
			if !scholarly.Allowed(u) {
				t.Errorf("%s: %s is not a scholarly https address", path, u)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestScholarlyAllowList pins the allow-list's decisions on the kinds of
// address the corpus once carried.
func TestScholarlyAllowList(t *testing.T) {
	for u, want := range map[string]bool{
		"https://pubmed.ncbi.nlm.nih.gov/37042112/":          true,
		"https://pmc.ncbi.nlm.nih.gov/articles/PMC8556406":   true,
		"https://doi.org/10.1001/jamadermatol.2024.2734":     true,
		"https://jamanetwork.com/journals/jamadermatology/x": true,
		"http://pubmed.ncbi.nlm.nih.gov/1/":                  false,
		"http://47.251.13.51:8081/37042112":                  false,
		"https://www.scribd.com/document/1":                  false,
		"https://ibetubet.com/x":                             false,
		"https://staging.scite.ai/x":                         false,
		"https://suppr.wilddata.cn/browses/detail/pubmed/1":  false,
		"https://pubmed.ncbi.nlm.nih.gov.evil.example/1":     false,
	} {
		if got := scholarly.Allowed(u); got != want {
			t.Errorf("Allowed(%s) = %v, want %v", u, got, want)
		}
	}
	if got := scholarly.Canonical("http://dx.doi.org/10.1/x"); got != "https://doi.org/10.1/x" {
		t.Errorf("Canonical(dx.doi.org) = %s", got)
	}
}

func eachLine(t *testing.T, name string, f func(n int, b []byte)) {
	t.Helper()
	file, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		f(n, sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
