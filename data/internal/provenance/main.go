// Command provenance moves the bundled papers' old "source" lists out of
// data/papers.jsonl into data/provenance.jsonl, keeping only pages on the
// scholarly allow-list. It is safe to run again (after merging new records,
// say): records without a source are left as they are, and pages already in
// provenance.jsonl are kept.
//
//	go run ./data/internal/provenance [-data DIR] [-hold]
//
// It drops the canonical PubMed address of the paper itself (it was listed
// on every record as the required link, not as a page the facts were seen
// on; the reader and exports derive it from the PMID) and any PubMed or
// mirror address naming another PMID. It reports the papers left with no
// trustworthy page; with -hold it moves them to held_back.jsonl (without
// provenance) until someone verifies them on a trustworthy page.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/follicle/follicle/data/internal/scholarly"
)

// Line is one line of provenance.jsonl.
type Line struct {
	PMID  string `json:"pmid"`
	Pages []Page `json:"pages"`
}

// Page is one page a record's facts were seen on.
type Page struct {
	URL string `json:"url"`
	Saw string `json:"saw"`
}

// sourceMember is the "source" member of a record line as the old files
// wrote it, with the comma before it.
var sourceMember = regexp.MustCompile(`,\s*"source"\s*:\s*\[[^\]]*\]`)

// pmidInURL finds a PMID at the end of a PubMed-style or mirror address.
var pmidInURL = regexp.MustCompile(`(?:pubmed[^/]*/|pubmed\?term=|/pubmed/|:\d+/|id=|term=|pubmed-)(\d{1,9})/?$`)

func main() {
	dir := flag.String("data", "data", "the data directory")
	hold := flag.Bool("hold", false, "move papers without a trustworthy page to held_back.jsonl")
	flag.Parse()
	if err := run(*dir, *hold); err != nil {
		fmt.Fprintln(os.Stderr, "provenance:", err)
		os.Exit(1)
	}
}

func run(dir string, hold bool) error {
	prov, order, err := readProvenance(filepath.Join(dir, "provenance.jsonl"))
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(dir, "papers.jsonl"))
	if err != nil {
		return err
	}
	var kept, held [][]byte
	for i, line := range bytes.Split(bytes.TrimRight(raw, "\n"), []byte("\n")) {
		var rec struct {
			PMID   string   `json:"pmid"`
			Source []string `json:"source"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			return fmt.Errorf("papers.jsonl:%d: %w", i+1, err)
		}
		if _, seen := prov[rec.PMID]; !seen {
			order = append(order, rec.PMID)
		}
		prov[rec.PMID] = mergePages(prov[rec.PMID], legacyPages(rec.PMID, rec.Source))
		line = sourceMember.ReplaceAll(line, nil)
		line = addPMCID(line, prov[rec.PMID])
		if bytes.Contains(line, []byte(`"source"`)) {
			return fmt.Errorf("papers.jsonl:%d: a source member this tool cannot remove", i+1)
		}
		if len(prov[rec.PMID]) == 0 {
			fmt.Fprintf(os.Stderr, "%s: no trustworthy page\n", rec.PMID)
			if hold {
				held = append(held, line)
				delete(prov, rec.PMID)
				continue
			}
		}
		kept = append(kept, line)
	}
	if err := writeLines(filepath.Join(dir, "papers.jsonl"), kept, false); err != nil {
		return err
	}
	if len(held) > 0 {
		if err := writeLines(filepath.Join(dir, "held_back.jsonl"), held, true); err != nil {
			return err
		}
	}
	var out [][]byte
	for _, pmid := range order {
		if pages, ok := prov[pmid]; ok && len(pages) > 0 {
			b, err := json.Marshal(Line{PMID: pmid, Pages: pages})
			if err != nil {
				return err
			}
			out = append(out, b)
		}
	}
	fmt.Fprintf(os.Stderr, "%d papers, %d with provenance, %d held back\n", len(kept), len(out), len(held))
	return writeLines(filepath.Join(dir, "provenance.jsonl"), out, false)
}

// pmcArticle finds the PMCID in a PubMed Central address.
var pmcArticle = regexp.MustCompile(`^https://pmc\.ncbi\.nlm\.nih\.gov/articles/(PMC\d+)/?$`)

// addPMCID gives a record without a pmcid the one of its PubMed Central
// page, so the reader and exports can link it.
func addPMCID(line []byte, pages []Page) []byte {
	if bytes.Contains(line, []byte(`"pmcid"`)) {
		return line
	}
	for _, p := range pages {
		if m := pmcArticle.FindStringSubmatch(p.URL); m != nil {
			i := bytes.IndexByte(line, '{') + 1
			return append(append(append([]byte{}, line[:i]...), `"pmcid": "`+m[1]+`", `...), line[i:]...)
		}
	}
	return line
}

// legacyPages keeps the allowed pages of an old source list, saying what
// such a page shows: the old lists did not record which fact was seen where.
func legacyPages(pmid string, sources []string) []Page {
	var out []Page
	for _, s := range sources {
		u := scholarly.Canonical(strings.TrimSpace(s))
		if !scholarly.Allowed(u) {
			continue
		}
		if m := pmidInURL.FindStringSubmatch(u); m != nil && scholarly.Hosts[scholarly.Host(u)] == scholarly.PubMed {
			if m[1] != pmid || strings.TrimRight(u, "/") == "https://pubmed.ncbi.nlm.nih.gov/"+pmid {
				continue // another paper's record, or the canonical link itself
			}
		}
		out = append(out, Page{URL: u, Saw: "listed in the 2026-11 source list (facts not itemised); a " +
			string(scholarly.Hosts[scholarly.Host(u)]) + " shows " + shows[scholarly.Hosts[scholarly.Host(u)]]})
	}
	return out
}

var shows = map[scholarly.Kind]string{
	scholarly.PubMed:     "the citation, DOI, publication types, authors and abstract",
	scholarly.PMC:        "the PMID, full author list, citation and full text",
	scholarly.DOI:        "the publisher's page of the DOI",
	scholarly.Registry:   "the trial's design, arms and results",
	scholarly.Society:    "the guideline and its citation",
	scholarly.Publisher:  "the title, authors, citation and abstract or full text",
	scholarly.Repository: "the citation and every author's full name",
}

func mergePages(have, add []Page) []Page {
	seen := map[string]bool{}
	for _, p := range have {
		seen[p.URL] = true
	}
	for _, p := range add {
		if !seen[p.URL] {
			seen[p.URL] = true
			have = append(have, p)
		}
	}
	return have
}

func readProvenance(path string) (map[string][]Page, []string, error) {
	prov := map[string][]Page{}
	var order []string
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return prov, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if _, dup := prov[l.PMID]; !dup {
			order = append(order, l.PMID)
		}
		prov[l.PMID] = mergePages(prov[l.PMID], l.Pages)
	}
	return prov, order, sc.Err()
}

func writeLines(path string, lines [][]byte, appendTo bool) error {
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if appendTo {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	for _, l := range lines {
		f.Write(l)
		f.Write([]byte("\n"))
	}
	return f.Close()
}
