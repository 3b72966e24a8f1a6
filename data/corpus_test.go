package data_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
)

// Corpus size floors; raise them as the corpus grows, never lower them.
const (
	minPapers     = 250
	minConditions = 30
	minDrugs      = 70
)

// The seed reviews the corpus started from (../shared/seeds).
var seedDOIs = []string{"10.1080/1744666X.2023.2200166", "10.1007/s00403-025-04301-z"}

var (
	rePMID     = regexp.MustCompile(`^[1-9]\d{0,8}$`)
	reDOI      = regexp.MustCompile(`^10\.\d{4,9}/\S+$`)
	reMonth    = regexp.MustCompile(`^(|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$`)
	reAuthor   = regexp.MustCompile(`^(\p{Ll}+[ '’])*\p{Lu}[\p{L}'’ .-]*( [\p{Lu}]{1,4})?$`) // "de Viragh PA" too
	reMeSH     = regexp.MustCompile(`^[DC]\d{6,9}$`)
	reDrugBank = regexp.MustCompile(`^DB\d{5}$`)
	reDOID     = regexp.MustCompile(`^DOID:\d+$`)
	reID       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func loadCorpus(t *testing.T) ([]store.Paper, []store.Entity, *store.Library) {
	t.Helper()
	papers, err := store.LoadPapers(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		t.Fatal(err)
	}
	return papers, entities, lib
}

func TestCorpusSize(t *testing.T) {
	papers, _, lib := loadCorpus(t)
	if len(papers) < minPapers {
		t.Errorf("%d papers, want at least %d", len(papers), minPapers)
	}
	if n := len(lib.Conditions()); n < minConditions {
		t.Errorf("%d conditions, want at least %d", n, minConditions)
	}
	if n := len(lib.Drugs()); n < minDrugs {
		t.Errorf("%d drugs, want at least %d", n, minDrugs)
	}
	for _, doi := range seedDOIs {
		found := false
		for _, p := range papers {
			found = found || strings.EqualFold(p.DOI, doi)
		}
		if !found {
			t.Errorf("seed paper %s is missing", doi)
		}
	}
}

func TestCorpusRecords(t *testing.T) {
	papers, _, _ := loadCorpus(t)
	prov := loadProvenance(t)
	pmids, titles, dois := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range papers {
		where := "paper " + p.PMID
		check := func(ok bool, format string) {
			if !ok {
				t.Errorf("%s: %s", where, format)
			}
		}
		check(rePMID.MatchString(p.PMID), "PMID is not a PubMed ID")
		check(!pmids[p.PMID], "duplicate PMID")
		pmids[p.PMID] = true
		title := strings.ToLower(strings.TrimRight(p.Title, "."))
		check(!titles[title], "duplicate title")
		titles[title] = true
		check(p.DOI == "" || reDOI.MatchString(p.DOI), "DOI "+p.DOI+" is malformed")
		check(p.DOI == "" || !dois[strings.ToLower(p.DOI)], "duplicate DOI")
		dois[strings.ToLower(p.DOI)] = true
		check(p.Year >= 1950 && p.Year <= 2026, "implausible year")
		check(reMonth.MatchString(p.Month), "month "+p.Month+" is not Jan..Dec")
		check(p.Title != "" && p.Journal != "" && len(p.PubTypes) > 0, "title, journal and publication type are required")
		check(len(p.Authors) > 0, "needs at least one author")
		for _, a := range p.Authors {
			check(reAuthor.MatchString(a), "author "+a+` is not "Lastname Initials"`)
		}
		words := len(strings.Fields(p.Digest))
		check(words >= 40 && words <= 120, "digest has "+strconv.Itoa(words)+" words, want 40-120")
		check(len(p.Conditions) > 0, "needs at least one curated condition")
		if len(p.Source) == 0 {
			// Records added since the provenance file carry no source field:
			// their verification pages are listed in provenance.jsonl.
			check(len(prov[p.PMID]) > 0, "needs the source where it was verified, or a line in "+provenanceFile)
		}
		for _, s := range p.Source {
			check(strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"), "source "+s+" is not an address")
		}
		check(len(p.Source) == 0 || hasPubMedSource(p), "sources should include the PubMed page of the PMID")
		check(len(p.Abstract) == 0, "bundled papers carry a digest in our words, never an abstract")
	}
	for pmid := range prov {
		if !pmids[pmid] {
			t.Errorf("%s: PMID %s has no paper in the corpus", provenanceFile, pmid)
		}
	}
}

// provenanceFile lists, for each record added without a source field, the
// trustworthy pages its facts were seen on (for maintainers, not users).
const provenanceFile = "provenance.jsonl"

// provenancePage is one page a record was verified on, and what was seen there.
type provenancePage struct {
	URL string `json:"url"`
	Saw string `json:"saw"`
}

// trustedHosts are the only hosts a provenance page may be on.
var trustedHosts = []string{"pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov", "www.ncbi.nlm.nih.gov",
	"doi.org", "europepmc.org", "clinicaltrials.gov"}

// loadProvenance reads provenance.jsonl (absent is empty) and checks each line
// names a PMID once and lists only https pages on trusted hosts, each with what was seen.
func loadProvenance(t *testing.T) map[string][]provenancePage {
	t.Helper()
	out := map[string][]provenancePage{}
	b, err := os.ReadFile(provenanceFile)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var rec struct {
			PMID  string           `json:"pmid"`
			PMCID string           `json:"pmcid"`
			Pages []provenancePage `json:"pages"`
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			t.Errorf("%s line %d: %v", provenanceFile, i+1, err)
			continue
		}
		where := fmt.Sprintf("%s line %d (PMID %s)", provenanceFile, i+1, rec.PMID)
		if _, dup := out[rec.PMID]; dup || !rePMID.MatchString(rec.PMID) {
			t.Errorf("%s: PMID is malformed or repeated", where)
		}
		if rec.PMCID != "" && !regexp.MustCompile(`^PMC\d+$`).MatchString(rec.PMCID) {
			t.Errorf("%s: PMCID %s is malformed", where, rec.PMCID)
		}
		for _, pg := range rec.Pages {
			u, err := url.Parse(pg.URL)
			if err != nil || u.Scheme != "https" || !slices.Contains(trustedHosts, u.Host) || pg.Saw == "" {
				t.Errorf("%s: page %q is not an https page on a trusted host with what was seen", where, pg.URL)
			}
		}
		out[rec.PMID] = rec.Pages
	}
	return out
}

func hasPubMedSource(p store.Paper) bool {
	for _, s := range p.Source {
		if strings.TrimRight(s, "/") == "https://pubmed.ncbi.nlm.nih.gov/"+p.PMID {
			return true
		}
	}
	return false
}

func TestLexicon(t *testing.T) {
	_, entities, lib := loadCorpus(t)
	used := map[string]int{}
	papers, err := lib.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range papers {
		for _, id := range append(append([]string{}, p.Conditions...), p.Drugs...) {
			used[id]++
		}
	}
	for _, e := range entities {
		where := string(e.Kind) + " " + e.ID
		check := func(ok bool, msg string) {
			if !ok {
				t.Errorf("%s: %s", where, msg)
			}
		}
		check(reID.MatchString(e.ID), "id is not a lowercase slug")
		check(e.MeSH == "" || reMeSH.MatchString(e.MeSH), "MeSH id "+e.MeSH+" is malformed")
		check(e.DrugBank == "" || reDrugBank.MatchString(e.DrugBank), "DrugBank id "+e.DrugBank+" is malformed")
		check(e.DOID == "" || reDOID.MatchString(e.DOID), "DOID "+e.DOID+" is malformed")
		check(used[e.ID] > 0 || e.NoPapers, "no paper is about it (mark no_papers if deliberate)")
		check(used[e.ID] == 0 || !e.NoPapers, "marked no_papers, yet "+strconv.Itoa(used[e.ID])+" papers are about it")
		for _, a := range e.Abbreviations {
			check(len([]rune(a)) >= 2 && strings.IndexFunc(a, unicode.IsUpper) >= 0,
				"abbreviation "+a+" would match ordinary words")
		}
		if e.Parent != "" {
			_, ok := lib.Entity(e.Parent)
			check(ok, "parent "+e.Parent+" is not in the lexicon")
		}
	}
}

// TestDigestsAreOurOwnWords checks the seed papers' digests share no run of
// eight words with the seed abstracts they were written from.
func TestDigestsAreOurOwnWords(t *testing.T) {
	seeds, err := filepath.Glob(filepath.Join("..", "..", "shared", "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("../shared/seeds is missing")
		}
		t.Skip("../shared/seeds is missing")
	}
	var source strings.Builder
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		source.WriteString(strings.ToLower(string(b)))
	}
	shingles := wordShingles(source.String(), 8)
	papers, _, _ := loadCorpus(t)
	for _, p := range papers {
		for s := range wordShingles(strings.ToLower(p.Digest), 8) {
			if shingles[s] {
				t.Errorf("paper %s: digest repeats seed text %q", p.PMID, s)
			}
		}
	}
}

func wordShingles(text string, n int) map[string]bool {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := map[string]bool{}
	for i := 0; i+n <= len(words); i++ {
		out[strings.Join(words[i:i+n], " ")] = true
	}
	return out
}
