package store

import (
	"reflect"
	"testing"
)

func testLexicon() []Entity {
	return []Entity{
		{ID: "alopecia-areata", Kind: KindCondition, Name: "alopecia areata", Abbreviations: []string{"AA"}},
		{ID: "alopecia", Kind: KindCondition, Name: "alopecia", Synonyms: []string{"hair loss"}},
		{ID: "frontal-fibrosing-alopecia", Kind: KindCondition, Name: "frontal fibrosing alopecia", Abbreviations: []string{"FFA"}},
		{ID: "baricitinib", Kind: KindDrug, Name: "baricitinib", Brands: []string{"Olumiant"}, Codes: []string{"LY3009104"}},
		{ID: "deuruxolitinib", Kind: KindDrug, Name: "deuruxolitinib", Codes: []string{"CTP-543"}},
		{ID: "statins", Kind: KindDrug, Name: "statin", IsClass: true},
		{ID: "tnf-inhibitors", Kind: KindDrug, Name: "TNF-α inhibitor"},
	}
}

func TestTaggerTag(t *testing.T) {
	tagger := NewTagger(testLexicon())
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"preferred name any case", "Baricitinib for Alopecia Areata", []string{"alopecia-areata", "baricitinib"}},
		{"longest match wins over shorter name", "frontal fibrosing alopecia in women", []string{"frontal-fibrosing-alopecia"}},
		{"shorter name alone", "hair loss and alopecia", []string{"alopecia"}},
		{"abbreviation exact case", "patients with AA were", []string{"alopecia-areata"}},
		{"abbreviation lower case is a word, not AA", "an aa battery", []string{}},
		{"abbreviation not inside a word", "AAV vectors and AAA", []string{}},
		{"abbreviation next to punctuation", "(AA) and FFA.", []string{"alopecia-areata", "frontal-fibrosing-alopecia"}},
		{"brand name", "OLUMIANT 4 mg", []string{"baricitinib"}},
		{"development code with hyphen", "CTP-543 12 mg", []string{"deuruxolitinib"}},
		{"development code spelled with a space", "CTP 543", []string{"deuruxolitinib"}},
		{"code not inside a longer code", "LY30091045", []string{}},
		{"plural of a name", "statins lower lipids", []string{"statins"}},
		{"greek letter in a name", "a TNF-α inhibitor", []string{"tnf-inhibitors"}},
		{"name split by a line break", "alopecia\nareata", []string{"alopecia-areata"}},
		{"empty text", "", []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tagger.Tag(tc.text)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Tag(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	got := Tokenize("JAK1/JAK2-inhibitor, 5-α-reductase (FFA).")
	want := []string{"JAK1", "JAK2", "inhibitor", "5", "α", "reductase", "FFA"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Tokenize = %v, want %v", got, want)
	}
}

func TestLibraryLinksParents(t *testing.T) {
	entities := []Entity{
		{ID: "jak", Kind: KindDrug, Name: "JAK inhibitor", IsClass: true},
		{ID: "baricitinib", Kind: KindDrug, Name: "baricitinib", Parent: "jak"},
		{ID: "cicatricial", Kind: KindCondition, Name: "cicatricial alopecia"},
		{ID: "lpp", Kind: KindCondition, Name: "lichen planopilaris", Abbreviations: []string{"LPP"}, Parent: "cicatricial"},
	}
	lib, err := NewLibrary(entities, []Paper{{PMID: "1", Title: "Baricitinib in LPP", Conditions: []string{"lpp"}}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Paper("1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Drugs, []string{"baricitinib", "jak"}) || !reflect.DeepEqual(p.Conditions, []string{"cicatricial", "lpp"}) {
		t.Fatalf("linked %v %v", p.Conditions, p.Drugs)
	}
	entities[0].Parent = "nowhere"
	if _, err := NewLibrary(entities, nil); err == nil {
		t.Fatal("an unknown parent must be refused")
	}
}
