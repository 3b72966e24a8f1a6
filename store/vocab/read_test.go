package vocab

import (
	"os"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

func readReal(t testing.TB, file string) Vocabulary {
	t.Helper()
	f, err := os.Open(testdata.Path(t, "vocab", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := Read(file, f)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func find(v Vocabulary, id string) *Concept {
	for i := range v.Concepts {
		if v.Concepts[i].ID == id {
			return &v.Concepts[i]
		}
	}
	return nil
}

// TestRealVocabularies reads every vocabulary of ../shared/data/vocab and
// checks counts and known entries from its README.
func TestRealVocabularies(t *testing.T) {
	tests := []struct {
		file, format string
		min, max     int
		id, name     string
		kind         store.Kind
		synonym      string
	}{
		{"mesh2017_MeshTree.tsv.gz", FormatMeSHTree, 10400, 10600, "D000506", "Alopecia Areata", store.KindCondition, ""},
		{"mesh2017_MeshTree.tsv.gz", FormatMeSHTree, 10400, 10600, "D006976", "Hypertension, Pulmonary", store.KindCondition, "Pulmonary Hypertension"},
		{"mesh2017_MeshTree.tsv.gz", FormatMeSHTree, 10400, 10600, "D008914", "Minoxidil", store.KindDrug, ""},
		{"doid_2024-01-31.obo.gz", FormatOBO, 11400, 11600, "DOID:986", "alopecia areata", store.KindCondition, ""},
		{"doid_2024-01-31.obo.gz", FormatOBO, 11400, 11600, "DOID:0001816", "angiosarcoma", store.KindCondition, "hemangiosarcoma"},
		{"drugbank_vocabulary.csv.gz", FormatDrugBank, 17430, 17430, "DB00350", "Minoxidil", store.KindDrug, ""},
		{"drugbank_vocabulary.csv.gz", FormatDrugBank, 17430, 17430, "DB00001", "Lepirudin", store.KindDrug, "Desulfatohirudin"},
	}
	cache := map[string]Vocabulary{}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.id, func(t *testing.T) {
			v, ok := cache[tt.file]
			if !ok {
				v = readReal(t, tt.file)
				cache[tt.file] = v
			}
			if v.Format != tt.format || len(v.Concepts) < tt.min || len(v.Concepts) > tt.max {
				t.Fatalf("%s: format %s, %d concepts", tt.file, v.Format, len(v.Concepts))
			}
			c := find(v, tt.id)
			if c == nil || c.Name != tt.name || c.Kind != tt.kind {
				t.Fatalf("%s: got %+v", tt.id, c)
			}
			if tt.synonym != "" && !contains(c.Synonyms, tt.synonym) {
				t.Fatalf("%s: synonyms %q lack %q", tt.id, c.Synonyms, tt.synonym)
			}
			for _, c := range v.Concepts {
				for _, n := range c.Names() {
					if n == "" || n != store.CleanText(n) {
						t.Fatalf("%s: unclean name %q", c.ID, n)
					}
				}
			}
		})
	}
}

func TestOBOCrossReferencesAndObsolete(t *testing.T) {
	v := readReal(t, "doid_2024-01-31.obo.gz")
	c := find(v, "DOID:986")
	if c.MeSH != "D000506" {
		t.Fatalf("alopecia areata MeSH %q", c.MeSH)
	}
	omim := 0
	for _, c := range v.Concepts {
		omim += len(c.OMIM)
	}
	if omim < 1000 {
		t.Fatalf("only %d OMIM cross-references", omim)
	}
	// 13,982 terms of which 2,481 obsolete.
	if len(v.Concepts) != 13982-2481 {
		t.Fatalf("%d live terms, want %d", len(v.Concepts), 13982-2481)
	}
}

func TestReadersTable(t *testing.T) {
	tests := []struct {
		name, input string
		want        []Concept
		err         string
	}{
		{"tree", "\ufeffTree Number\tDesc Ui\tTerm\nA01\tD001829\tBody Regions\nC17.800\tD012871\tSkin Diseases\nD03.1\tD008914\tMinoxidil\nC01\tD012871\tSkin Diseases\n",
			[]Concept{{ID: "D012871", Kind: store.KindCondition, Name: "Skin Diseases", MeSH: "D012871", Trees: []string{"C17.800", "C01"}},
				{ID: "D008914", Kind: store.KindDrug, Name: "Minoxidil", MeSH: "D008914", Trees: []string{"D03.1"}}}, ""},
		{"tree-bad", "Tree Number\tDesc Ui\tTerm\nC01\tX1\tOops\n", nil, "mesh tree tree-bad: line 2:"},
		{"obo", "format-version: 1.2\n\n[Term]\nid: DOID:1\nname: a disease\nsynonym: \"other \\\"name\\\"\" EXACT []\nsynonym: \"wider\" BROAD []\nxref: MESH:D000001\nxref: OMIM:100100\n\n[Term]\nid: DOID:2\nname: gone\nis_obsolete: true\n\n[Typedef]\nid: part_of\nname: part of\n",
			[]Concept{{ID: "DOID:1", Kind: store.KindCondition, Name: "a disease", Synonyms: []string{`other "name"`}, MeSH: "D000001", DOID: "DOID:1", OMIM: []string{"OMIM:100100"}}}, ""},
		{"obo-bad", "format-version: 1.2\n[Term]\nid: DOID:1\nname x\n", nil, "disease ontology obo-bad: line 4: want \"tag: value\""},
		{"obo-noname", "format-version: 1.2\n[Term]\nid: DOID:1\n", nil, "line 2: term without an id or a name"},
		{"drugbank", "DrugBank ID,Accession Numbers,Common name,CAS,UNII,Synonyms,Standard InChI Key\nDB00001,X,Lepirudin,1-2-3,U1,\"A | B, c | Lepirudin\",\n",
			[]Concept{{ID: "DB00001", Kind: store.KindDrug, Name: "Lepirudin", Synonyms: []string{"A", "B, c"}, DrugBank: "DB00001", CAS: "1-2-3", UNII: "U1"}}, ""},
		{"drugbank-bad", "DrugBank ID,Accession Numbers,Common name,CAS,UNII,Synonyms,Standard InChI Key\nXX,X,Lepirudin,,,,\n", nil, "drugbank drugbank-bad: line 2:"},
		{"drugbank-quote", "DrugBank ID,Accession Numbers,Common name,CAS,UNII,Synonyms,Standard InChI Key\nDB00001,X,\"Lep,,,,\n", nil, "drugbank drugbank-quote:"},
		{"tsv", "# mine\nX1\tcondition\tHair shedding\tshedding|telogen effluvium\nD008914\tdrug\tMinoxidil\n",
			[]Concept{{ID: "X1", Kind: store.KindCondition, Name: "Hair shedding", Synonyms: []string{"shedding", "telogen effluvium"}},
				{ID: "D008914", Kind: store.KindDrug, Name: "Minoxidil", MeSH: "D008914"}}, ""},
		{"tsv-kind", "X1\tdisease\tA\nX2\tgene\tB\n", nil, "vocabulary tsv-kind: line 2: kind \"gene\" is not condition or drug"},
		{"nothing", "hello world\n", nil, "vocabulary nothing: not a MeSH tree file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Read(tt.name, strings.NewReader(tt.input))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("error %v, want one line with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !equalConcepts(v.Concepts, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", v.Concepts, tt.want)
			}
		})
	}
}

func equalConcepts(a, b []Concept) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.ID != y.ID || x.Kind != y.Kind || x.Name != y.Name || x.MeSH != y.MeSH || x.DOID != y.DOID ||
			x.DrugBank != y.DrugBank || x.CAS != y.CAS || x.UNII != y.UNII ||
			strings.Join(x.Synonyms, "|") != strings.Join(y.Synonyms, "|") ||
			strings.Join(x.OMIM, "|") != strings.Join(y.OMIM, "|") || strings.Join(x.Trees, "|") != strings.Join(y.Trees, "|") {
			return false
		}
	}
	return true
}

func TestUninvert(t *testing.T) {
	for in, want := range map[string]string{
		"Hypertension, Pulmonary":  "Pulmonary Hypertension",
		"Leukemia, Myeloid, Acute": "Acute Myeloid Leukemia",
		"1,2-Dihydroxybenzene":     "",
		"Alopecia":                 "",
		"Vitamin A, (retinol)":     "",
	} {
		if got := uninvert(in); got != want {
			t.Errorf("uninvert(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("Tree Number\tDesc Ui\tTerm\nC01\tD000001\tA, B\n")
	f.Add("format-version: 1.2\n[Term]\nid: DOID:1\nname: x\nsynonym: \"y\" EXACT []\nxref: MESH:D000001\n")
	f.Add("DrugBank ID,Accession Numbers,Common name,CAS,UNII,Synonyms,Standard InChI Key\nDB00001,X,A,,,\"b | c\",\n")
	f.Add("X1\tdrug\tA\tb|c\n")
	f.Fuzz(func(t *testing.T, in string) {
		v, err := Read("fuzz", strings.NewReader(in))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		for _, c := range v.Concepts {
			if c.ID == "" || c.Name == "" || (c.Kind != store.KindCondition && c.Kind != store.KindDrug) {
				t.Fatalf("bad concept %+v", c)
			}
		}
		Merge([]Vocabulary{v})
	})
}

func TestBrandLike(t *testing.T) {
	for s, want := range map[string]bool{"Balance": true, "Monitor": true, "Rogaine": true, "Propecia": false,
		"minoxidil": false, "AIDS": false, "Lepirudin recombinant": false, "X": false} {
		if got := brandLike(s); got != want {
			t.Errorf("brandLike(%q) = %v, want %v", s, got, want)
		}
	}
}
