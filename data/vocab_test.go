package data_test

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

// vocab is what the lexicon is checked against: MeSH descriptors (2017
// tree), Disease Ontology terms and DrugBank's open vocabulary, each as ID →
// preferred name and normalised preferred name → ID.
type vocab struct {
	name   map[string]string   // ID → preferred name
	byName map[string][]string // normalised preferred name → IDs
	dead   map[string]bool     // obsolete IDs
	xref   map[string][]string // DOID → MeSH IDs it cross-references
}

func newVocab() *vocab {
	return &vocab{name: map[string]string{}, byName: map[string][]string{}, dead: map[string]bool{}, xref: map[string][]string{}}
}

func (v *vocab) add(id, name string) {
	v.name[id] = name
	n := normName(name)
	v.byName[n] = append(v.byName[n], id)
}

var reNonWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// normName folds case, punctuation and a final plural, and reads MeSH's
// inverted names ("Lupus Erythematosus, Discoid") in natural order.
func normName(s string) string {
	if head, tail, ok := strings.Cut(s, ", "); ok && !strings.Contains(tail, ",") {
		s = tail + " " + head
	}
	s = strings.TrimSpace(reNonWord.ReplaceAllString(strings.ToLower(s), " "))
	if len(s) > 4 && strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") && !strings.HasSuffix(s, "is") {
		s = s[:len(s)-1]
	}
	return s
}

func openGz(t *testing.T, name string) io.Reader {
	t.Helper()
	f, err := os.Open(testdata.Path(t, "vocab", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func loadMeSH(t *testing.T) *vocab {
	v := newVocab()
	sc := bufio.NewScanner(openGz(t, "mesh2017_MeshTree.tsv.gz"))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) == 3 && v.name[f[1]] == "" && strings.HasPrefix(f[1], "D") {
			v.add(f[1], f[2])
		}
	}
	if sc.Err() != nil || len(v.name) < 20000 {
		t.Fatalf("MeSH tree: %d descriptors, %v", len(v.name), sc.Err())
	}
	return v
}

func loadDOID(t *testing.T) *vocab {
	v := newVocab()
	sc := bufio.NewScanner(openGz(t, "doid_2024-01-31.obo.gz"))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	id := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "[Term]" || line == "[Typedef]":
			id = ""
		case strings.HasPrefix(line, "id: DOID:"):
			id = strings.TrimPrefix(line, "id: ")
		case id != "" && strings.HasPrefix(line, "name: "):
			v.add(id, strings.TrimPrefix(line, "name: "))
		case id != "" && line == "is_obsolete: true":
			v.dead[id] = true
		case id != "" && strings.HasPrefix(line, "xref: MESH:"):
			v.xref[id] = append(v.xref[id], strings.TrimPrefix(line, "xref: MESH:"))
		}
	}
	if sc.Err() != nil || len(v.name) < 10000 {
		t.Fatalf("Disease Ontology: %d terms, %v", len(v.name), sc.Err())
	}
	return v
}

func loadDrugBank(t *testing.T) *vocab {
	v := newVocab()
	r := csv.NewReader(openGz(t, "drugbank_vocabulary.csv.gz"))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) > 2 && strings.HasPrefix(rec[0], "DB") {
			v.add(rec[0], rec[2])
		}
	}
	if len(v.name) < 15000 {
		t.Fatalf("DrugBank: %d drugs", len(v.name))
	}
	return v
}

// vocabNameDiffers lists the lexicon entries whose name deliberately
// differs from the vocabulary's preferred name for their ID, and why. Any
// other difference is an error: the ID points at another concept or another
// form of the drug.
var vocabNameDiffers = map[string]string{
	"corticosteroids D000305":            "MeSH's name for the class is Adrenal Cortex Hormones",
	"antiandrogens D000726":              "MeSH: Androgen Antagonists, the same class",
	"statins D019161":                    "MeSH: Hydroxymethylglutaryl-CoA Reductase Inhibitors, the same class",
	"low-level-laser-therapy D028022":    "MeSH: Low-Level Light Therapy, the same treatment",
	"breast-cancer D001943":              "MeSH: Breast Neoplasms",
	"androgenetic-alopecia DOID:0050801": "DO: androgenic alopecia",
	"n-acetylcysteine D000111":           "MeSH: Acetylcysteine, the same compound",
	"n-acetylcysteine DB06151":           "DrugBank: Acetylcysteine, the same compound",
	"rifampicin D012293":                 "MeSH: Rifampin (the US name)",
	"rifampicin DB01045":                 "DrugBank: Rifampin (the US name)",
	"diphenylcyclopropenone DB12173":     "DrugBank: Diphencyprone, the same compound",
	"brepocitinib DB15003":               "DrugBank lists it under its development code PF-06700841",
	"squaric-acid-dibutylester DB12223":  "DrugBank spells it squaric acid dibutyl ester",
}

// TestLexiconAgainstVocabularies checks every lexicon ID against the real
// vocabularies: it exists (and is not obsolete), its preferred name is the
// entry's (or the difference is listed above), a Disease Ontology term that
// names a MeSH descriptor names the entry's, and no synonym is another
// entry's name or another concept's preferred name.
func TestLexiconAgainstVocabularies(t *testing.T) {
	_, entities, _ := loadCorpus(t)
	mesh, doid, drugbank := loadMeSH(t), loadDOID(t), loadDrugBank(t)
	used := map[string]bool{}
	for _, e := range entities {
		for _, c := range []struct {
			id string
			v  *vocab
		}{{e.MeSH, mesh}, {e.DOID, doid}, {e.DrugBank, drugbank}} {
			if c.id == "" {
				continue
			}
			name, ok := c.v.name[c.id]
			switch {
			case !ok:
				t.Errorf("%s: %s is not in the vocabulary", e.ID, c.id)
			case c.v.dead[c.id]:
				t.Errorf("%s: %s is obsolete", e.ID, c.id)
			case normName(name) == normName(e.Name):
			case vocabNameDiffers[e.ID+" "+c.id] != "":
				used[e.ID+" "+c.id] = true
			default:
				t.Errorf("%s (%s): %s is %q in the vocabulary", e.ID, e.Name, c.id, name)
			}
		}
		if xs := doid.xref[e.DOID]; e.MeSH != "" && len(xs) > 0 && !contains(xs, e.MeSH) {
			t.Errorf("%s: %s cross-references MeSH %v, the entry says %s", e.ID, e.DOID, xs, e.MeSH)
		}
		for _, syn := range append(append([]string{}, e.Synonyms...), e.Abbreviations...) {
			for _, c := range []struct {
				own string
				v   *vocab
			}{{e.MeSH, mesh}, {e.DOID, doid}, {e.DrugBank, drugbank}} {
				for _, id := range c.v.byName[normName(syn)] {
					if id != c.own {
						t.Errorf("%s: synonym %q is the preferred name of %s (%s)", e.ID, syn, id, c.v.name[id])
					}
				}
			}
		}
	}
	for k := range vocabNameDiffers {
		if !used[k] {
			t.Errorf("vocabNameDiffers lists %q, which no longer differs (or is gone): drop it", k)
		}
	}
}

// TestLexiconSynonymsAreUnambiguous: no spelling belongs to two entries,
// and no synonym is a combination naming another entry ("simvastatin/
// ezetimibe" is two drugs, not a name of one).
func TestLexiconSynonymsAreUnambiguous(t *testing.T) {
	_, entities, _ := loadCorpus(t)
	owner := map[string]string{}
	byID := map[string]store.Entity{}
	for _, e := range entities {
		byID[e.ID] = e
	}
	for _, e := range entities {
		for _, n := range append(e.Names(), e.Abbreviations...) {
			k := normName(n)
			if o, ok := owner[k]; ok && o != e.ID {
				t.Errorf("%q names both %s and %s", n, o, e.ID)
			}
			owner[k] = e.ID
		}
	}
	for _, e := range entities {
		for _, syn := range e.Synonyms {
			if !reJoiner.MatchString(syn) {
				continue
			}
			words := " " + normName(syn) + " "
			for _, other := range entities {
				if other.ID == e.ID || isAncestor(byID, e, other.ID) || isAncestor(byID, other, e.ID) {
					continue
				}
				if strings.Contains(words, " "+normName(other.Name)+" ") {
					t.Errorf("%s: synonym %q names %s too (a combination is not a synonym)", e.ID, syn, other.ID)
				}
			}
		}
	}
}

// reJoiner finds what joins two drugs in a regimen's name: "a/b", "a-b",
// "a + b", "a and b", "a plus b", "a with b".
var reJoiner = regexp.MustCompile(`\p{L}[/+-]\p{L}|\s[/+]\s|\s(and|plus|with)\s`)

func isAncestor(byID map[string]store.Entity, e store.Entity, id string) bool {
	for p := e.Parent; p != ""; p = byID[p].Parent {
		if p == id {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
