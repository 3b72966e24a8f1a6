// Package store owns Follicle's domain: papers, the conditions and drugs they
// are about, the library that links them, and the readers of the formats that
// papers arrive in. It knows nothing about the search index or the screen.
package store

import (
	"strings"
)

// Section is one labelled part of a paper's text. Structured abstracts keep
// their labels (BACKGROUND, METHODS, …) so the reader can show them as
// sections; an unstructured text is a single section with no label.
type Section struct {
	Label string `json:"label,omitempty"`
	Text  string `json:"text"`
}

// Paper is one bibliographic record with the text Follicle indexes.
//
// Bundled papers carry a Digest written by the project in its own words;
// imported papers carry their Abstract. Conditions and Drugs hold lexicon
// entity IDs: for bundled papers the curated ones merged with what the tagger
// recognises, for imported ones what annotations, MeSH and the tagger give.
type Paper struct {
	PMID       string    `json:"pmid"`
	DOI        string    `json:"doi,omitempty"`
	PMCID      string    `json:"pmcid,omitempty"` // "PMC1234567" when the paper is in PubMed Central
	Title      string    `json:"title"`
	Authors    []string  `json:"authors,omitempty"`
	EtAl       bool      `json:"et_al,omitempty"`
	Journal    string    `json:"journal,omitempty"`
	Year       int       `json:"year,omitempty"`
	Month      string    `json:"month,omitempty"`
	Volume     string    `json:"volume,omitempty"`
	Issue      string    `json:"issue,omitempty"`
	Pages      string    `json:"pages,omitempty"`
	PubTypes   []string  `json:"pub_types,omitempty"`
	MeSH       []string  `json:"mesh,omitempty"`
	Keywords   []string  `json:"keywords,omitempty"`
	Language   string    `json:"language,omitempty"`
	Digest     string    `json:"digest,omitempty"`
	Abstract   []Section `json:"abstract,omitempty"`
	Conditions []string  `json:"conditions,omitempty"`
	Drugs      []string  `json:"drugs,omitempty"`
	Origin     string    `json:"origin,omitempty"`
	// Indexed holds the entity IDs the record's own indexing gave
	// (annotations, MeSH headings, chemical list): re-tagging keeps them.
	Indexed []string `json:"indexed,omitempty"`
	// Annotated means the record carried entity annotations: its links come
	// from them and the recogniser never re-tags it.
	Annotated bool `json:"annotated,omitempty"`
	// Tagged means the import linked the paper (tag once): a start keeps
	// its links instead of running the tagger again. Papers imported before
	// imports tagged, and bundled ones, are tagged when a library loads.
	Tagged bool `json:"tagged,omitempty"`
	// Mentions are where the paper names its conditions and drugs, as byte
	// offsets in LinkedText.
	Mentions []Mention `json:"mentions,omitempty"`
}

// Mention is one place a paper names an entity: byte offsets in the
// paper's LinkedText (title, a line break, then Text).
type Mention struct {
	ID    string `json:"id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// LinkedText is the text mentions are found in and point into: the title,
// a line break, then Text.
func (p *Paper) LinkedText() string { return p.Title + "\n" + p.Text() }

// Origins of a paper, used by the source facet.
const (
	OriginBundled  = "bundled"
	OriginImported = "imported"
)

// Text returns the paper's searchable body: the digest for bundled papers,
// the abstract sections (labels included) for imported ones.
func (p *Paper) Text() string {
	if len(p.Abstract) == 0 {
		return p.Digest
	}
	var b strings.Builder
	if p.Digest != "" {
		b.WriteString(p.Digest)
		b.WriteString("\n\n")
	}
	for i, s := range p.Abstract {
		if i > 0 {
			b.WriteString("\n\n")
		}
		if s.Label != "" {
			b.WriteString(s.Label)
			b.WriteString(": ")
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// FirstAuthor returns the first listed author or "" when there is none.
func (p *Paper) FirstAuthor() string {
	if len(p.Authors) == 0 {
		return ""
	}
	return p.Authors[0]
}

// MainType returns the most informative publication type for a one-line row:
// a trial or a meta-analysis says more than "Journal Article".
func (p *Paper) MainType() string {
	for _, preferred := range mainTypeOrder {
		for _, t := range p.PubTypes {
			if strings.EqualFold(t, preferred) {
				return t
			}
		}
	}
	if len(p.PubTypes) > 0 {
		return p.PubTypes[0]
	}
	return ""
}

var mainTypeOrder = []string{
	"Meta-Analysis", "Systematic Review", "Randomized Controlled Trial",
	"Clinical Trial, Phase III", "Clinical Trial, Phase II", "Clinical Trial",
	"Practice Guideline", "Guideline", "Consensus Development Conference",
	"Observational Study", "Multicenter Study", "Comparative Study",
	"Case Reports", "Review", "Letter", "Editorial", "Journal Article",
}
