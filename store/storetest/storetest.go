// Package storetest provides a small hand-made library for tests of the
// packages above store. Its records are invented test fixtures, not corpus
// data: each is chosen so that a query form, a filter or a facet has a known
// answer.
package storetest

import (
	"testing"

	"github.com/follicle/follicle/store"
)

// Entities returns the fixture lexicon.
func Entities() []store.Entity {
	return []store.Entity{
		{ID: "alopecia-areata", Kind: store.KindCondition, Name: "alopecia areata", Abbreviations: []string{"AA"}},
		{ID: "lichen-planopilaris", Kind: store.KindCondition, Name: "lichen planopilaris", Abbreviations: []string{"LPP"}},
		{ID: "androgenetic-alopecia", Kind: store.KindCondition, Name: "androgenetic alopecia", Abbreviations: []string{"AGA"}},
		{ID: "baricitinib", Kind: store.KindDrug, Name: "baricitinib", Brands: []string{"Olumiant"}},
		{ID: "ritlecitinib", Kind: store.KindDrug, Name: "ritlecitinib"},
		{ID: "minoxidil", Kind: store.KindDrug, Name: "minoxidil"},
		{ID: "hydroxychloroquine", Kind: store.KindDrug, Name: "hydroxychloroquine", Abbreviations: []string{"HCQ"}},
	}
}

// Papers returns the fixture papers.
func Papers() []store.Paper {
	return []store.Paper{
		{PMID: "1001", Title: "Baricitinib in severe alopecia areata", Authors: []string{"Kingston A", "Ohara B"},
			Journal: "Test J Dermatol", Year: 2022, PubTypes: []string{"Randomized Controlled Trial"},
			Digest: "Two placebo-controlled trials randomised adults with scalp hair loss to baricitinib 4 mg or 2 mg daily; regrowth was greater with the higher dose."},
		{PMID: "1002", Title: "Ritlecitinib for alopecia areata in adolescents and adults", Authors: []string{"Lee C"},
			Journal: "Test Lancet", Year: 2023, PubTypes: []string{"Randomized Controlled Trial"},
			Digest: "A dose-ranging trial of ritlecitinib showed hair regrowth at week 24 compared with placebo."},
		{PMID: "1003", Title: "Hydroxychloroquine for lichen planopilaris: a retrospective cohort", Authors: []string{"Moreno D"},
			Journal: "Test Arch Dermatol", Year: 2016, PubTypes: []string{"Observational Study"},
			Digest: "Records of patients with LPP treated with HCQ were reviewed; symptoms improved in most after six months."},
		{PMID: "1004", Title: "Low-dose oral minoxidil for androgenetic alopecia", Authors: []string{"Vano E"},
			Journal: "Test J Am Acad Dermatol", Year: 2021, PubTypes: []string{"Multicenter Study"},
			Digest: "A multicentre safety study of oral minoxidil in men and women with pattern hair loss found few adverse effects."},
		{PMID: "1005", Title: "Janus kinase inhibitors for alopecia: a review", Authors: []string{"Kingston A"},
			Journal: "Test Expert Rev", Year: 2019, PubTypes: []string{"Review"},
			Digest: "A narrative review of JAK inhibition in hair disorders covering baricitinib and ritlecitinib trials."},
		{PMID: "1006", Title: "Topical minoxidil foam in women", Authors: []string{"Blume F"},
			Journal: "Test J Dermatol", Year: 2011, PubTypes: []string{"Randomized Controlled Trial"},
			Digest: "Women with thinning hair applied minoxidil foam once daily; hair counts rose compared with the solution."},
	}
}

// Library returns the fixture library, failing the test if it cannot be
// built.
func Library(t testing.TB) *store.Library {
	t.Helper()
	lib, err := store.NewLibrary(Entities(), Papers())
	if err != nil {
		t.Fatalf("fixture library: %v", err)
	}
	return lib
}
