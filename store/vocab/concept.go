// Package vocab reads the vocabularies a user can get for conditions and
// drugs (the MeSH tree file, the Human Disease Ontology OBO, the DrugBank
// open vocabulary CSV and a plain TSV of their own), merges their concepts
// by cross-reference, and recognises the concepts' names in text.
//
// Every string read from a file is cleaned where it enters (store.CleanText)
// and every reader reports a malformed input as one line naming the file and
// the line.
package vocab

import (
	"strings"

	"github.com/follicle/follicle/store"
)

// Concept is one condition or drug with every name it goes by and the
// identifiers other vocabularies know it under.
type Concept struct {
	ID       string     `json:"id"` // stable key: the MeSH UI where there is one
	Kind     store.Kind `json:"kind"`
	Name     string     `json:"name"` // preferred name, shown in the panes
	Synonyms []string   `json:"synonyms,omitempty"`
	MeSH     string     `json:"mesh,omitempty"`
	DOID     string     `json:"doid,omitempty"`
	OMIM     []string   `json:"omim,omitempty"` // "OMIM:123456"
	DrugBank string     `json:"drugbank,omitempty"`
	CAS      string     `json:"cas,omitempty"`
	UNII     string     `json:"unii,omitempty"`
	Trees    []string   `json:"trees,omitempty"` // MeSH tree numbers
	// Aliases are other MeSH or OMIM IDs annotations used for the concept
	// (an old supplementary concept for a drug MeSH later made a
	// descriptor), found by learned names.
	Aliases []string `json:"aliases,omitempty"`
}

// Names returns the preferred name and the synonyms.
func (c *Concept) Names() []string {
	return append([]string{c.Name}, c.Synonyms...)
}

// EntityID is the library's ID for the concept: "mesh-d000505" for a
// concept with a MeSH descriptor or supplementary concept UI (whichever
// vocabulary it came from, so a DrugBank drug that learned its MeSH UI
// keeps the ID it had), else the source's ID lower-cased with its
// vocabulary as a prefix ("doid-986", "drugbank-db00350", "omim-217000",
// "user-…").
func (c *Concept) EntityID() string {
	if c.MeSH != "" {
		return EntityIDOf(c.MeSH)
	}
	return EntityIDOf(c.ID)
}

// EntityIDOf maps a concept ID to the library's entity ID.
func EntityIDOf(id string) string {
	switch {
	case IsMeSHUI(id):
		return "mesh-" + strings.ToLower(id)
	case strings.HasPrefix(id, "DOID:"):
		return "doid-" + strings.TrimPrefix(id, "DOID:")
	case strings.HasPrefix(id, "OMIM:"):
		return "omim-" + strings.ToLower(strings.TrimPrefix(id, "OMIM:"))
	case isDrugBankID(id):
		return "drugbank-" + strings.ToLower(id)
	}
	return "user-" + strings.ToLower(id)
}

// Entity turns the concept into the library's entity, with at most
// maxSynonyms synonyms (the index's name field holds them all).
func (c *Concept) Entity(maxSynonyms int) store.Entity {
	syn := c.Synonyms
	if len(syn) > maxSynonyms {
		syn = syn[:maxSynonyms]
	}
	e := store.Entity{ID: c.EntityID(), Kind: c.Kind, Name: c.Name, MeSH: c.MeSH, DOID: c.DOID, DrugBank: c.DrugBank}
	for _, s := range syn {
		if !strings.EqualFold(s, c.Name) {
			e.Synonyms = append(e.Synonyms, s)
		}
	}
	e.Codes = append(e.Codes, c.OMIM...)
	for _, a := range c.Aliases {
		if IsMeSHUI(a) {
			a = "MESH:" + a
		}
		if !contains(e.Codes, a) {
			e.Codes = append(e.Codes, a)
		}
	}
	if c.CAS != "" {
		e.Codes = append(e.Codes, c.CAS)
	}
	return e
}

// IsMeSHUI reports whether id is a MeSH descriptor (D…) or supplementary
// concept (C…) UI: a letter and six or more digits.
func IsMeSHUI(id string) bool {
	if len(id) < 7 || (id[0] != 'D' && id[0] != 'C') {
		return false
	}
	return strings.Trim(id[1:], "0123456789") == ""
}

func isDrugBankID(id string) bool {
	return len(id) == 7 && strings.HasPrefix(id, "DB") && strings.Trim(id[2:], "0123456789") == ""
}

// addName appends name to c's synonyms unless c already has it (in any
// case).
func (c *Concept) addName(name string) {
	name = store.CleanText(name)
	if name == "" || strings.EqualFold(name, c.Name) {
		return
	}
	for _, s := range c.Synonyms {
		if strings.EqualFold(s, name) {
			return
		}
	}
	c.Synonyms = append(c.Synonyms, name)
}
