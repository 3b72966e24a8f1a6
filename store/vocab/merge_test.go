package vocab

import (
	"testing"

	"github.com/follicle/follicle/store"
)

func TestMergeTable(t *testing.T) {
	mesh := Vocabulary{Name: "tree", Format: FormatMeSHTree, Concepts: []Concept{
		{ID: "D000506", Kind: store.KindCondition, Name: "Alopecia Areata", MeSH: "D000506"},
		{ID: "D008914", Kind: store.KindDrug, Name: "Minoxidil", MeSH: "D008914"},
	}}
	doid := Vocabulary{Name: "doid", Format: FormatOBO, Concepts: []Concept{
		{ID: "DOID:986", Kind: store.KindCondition, Name: "alopecia areata", Synonyms: []string{"alopecia circumscripta"}, MeSH: "D000506", DOID: "DOID:986", OMIM: []string{"OMIM:104000"}},
		{ID: "DOID:1", Kind: store.KindCondition, Name: "only in doid", DOID: "DOID:1"},
	}}
	drugbank := Vocabulary{Name: "db", Format: FormatDrugBank, Concepts: []Concept{
		{ID: "DB00350", Kind: store.KindDrug, Name: "Minoxidil", Synonyms: []string{"Rogaine"}, DrugBank: "DB00350", CAS: "38304-91-5"},
		{ID: "DB08895", Kind: store.KindDrug, Name: "Tofacitinib", DrugBank: "DB08895"},
	}}
	user := Vocabulary{Name: "mine", Format: FormatTSV, Concepts: []Concept{
		{ID: "D000506", Kind: store.KindCondition, Name: "AA patchy", MeSH: "D000506"},
	}}
	for _, order := range [][]Vocabulary{{mesh, doid, drugbank, user}, {user, drugbank, doid, mesh}} {
		s := Merge(order)
		if s.Len() != 4 {
			t.Fatalf("%d concepts, want 4: %+v", s.Len(), s.Concepts)
		}
		tests := []struct {
			lookup, id, name string
			synonyms         int
		}{
			{"D000506", "D000506", "Alopecia Areata", 2},
			{"DOID:986", "D000506", "Alopecia Areata", 2},
			{"OMIM:104000", "D000506", "Alopecia Areata", 2},
			{"DB00350", "D008914", "Minoxidil", 1},
			{"DB08895", "DB08895", "Tofacitinib", 0},
			{"DOID:1", "DOID:1", "only in doid", 0},
		}
		for _, tt := range tests {
			c, ok := s.Find(tt.lookup)
			if !ok || c.ID != tt.id || c.Name != tt.name || len(c.Synonyms) != tt.synonyms {
				t.Fatalf("Find(%s) = %+v", tt.lookup, c)
			}
		}
		if c, _ := s.Find("DB00350"); c.EntityID() != "mesh-d008914" || c.CAS != "38304-91-5" {
			t.Fatalf("merged drug %+v", c)
		}
	}
}

func TestMergeRealVocabularies(t *testing.T) {
	s := Merge([]Vocabulary{readReal(t, "mesh2017_MeshTree.tsv.gz"), readReal(t, "doid_2024-01-31.obo.gz"), readReal(t, "drugbank_vocabulary.csv.gz")})
	if n := s.NameCount(); n < 85000 {
		t.Fatalf("only %d names", n)
	}
	tests := []struct{ lookup, id string }{
		{"DOID:986", "D000506"}, // alopecia areata: DOID → MeSH
		{"DB00350", "D008914"},  // minoxidil: DrugBank ↔ MeSH by name
		{"DB01216", "D018120"},  // finasteride
		{"DB11817", "DB11817"},  // baricitinib: not a 2017 MeSH descriptor
	}
	for _, tt := range tests {
		if c, ok := s.Find(tt.lookup); !ok || c.ID != tt.id {
			t.Errorf("Find(%s) = %+v, want %s", tt.lookup, c, tt.id)
		}
	}
}
