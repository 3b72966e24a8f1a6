package index

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/follicle/follicle/store"
)

// document is what Bleve indexes for one paper. Title and abstract are the
// exact strings the library holds, so term locations from a hit are byte
// offsets into Paper.Title and Paper.Text().
type document struct {
	PMID        string   `json:"pmid"`
	Text        string   `json:"text"`
	Title       string   `json:"title"`
	Abstract    string   `json:"abstract"`
	Author      []string `json:"author"`
	Journal     string   `json:"journal"`
	MeSH        []string `json:"mesh"`
	Keyword     []string `json:"keyword"`
	Type        []string `json:"type"`
	Condition   []string `json:"condition"`
	Drug        []string `json:"drug"`
	Year        float64  `json:"year"`
	Source      string   `json:"source"`
	ConditionID []string `json:"condition_id"`
	DrugID      []string `json:"drug_id"`
	TypeFacet   []string `json:"type_facet"`
	YearFacet   string   `json:"year_facet"`
	Facet       []string `json:"facet"`
	DOI         string   `json:"doi,omitempty"`
	Language    string   `json:"language,omitempty"`
	MeSHHeading []string `json:"mesh_heading,omitempty"`
}

// Type tells Bleve which document mapping applies.
func (document) BleveType() string { return docType }

// newDocument flattens a paper into its index document. Condition and drug
// fields hold every name of each linked entity, so "condition:LPP" finds
// papers about lichen planopilaris whatever words their text uses.
func newDocument(lib *store.Library, p *store.Paper) document {
	d := document{
		PMID:        p.PMID,
		Title:       p.Title,
		Abstract:    p.Text(),
		Author:      p.Authors,
		Journal:     p.Journal,
		MeSH:        p.MeSH,
		Keyword:     p.Keywords,
		Type:        p.PubTypes,
		Year:        float64(p.Year),
		Source:      p.Origin,
		ConditionID: p.Conditions,
		DrugID:      p.Drugs,
		TypeFacet:   p.PubTypes,
		DOI:         strings.ToLower(p.DOI),
		Language:    strings.ToLower(p.Language),
		MeSHHeading: lowerAll(p.MeSH),
	}
	if p.Year > 0 {
		d.YearFacet = strconv.Itoa(p.Year)
	}
	d.Condition = entityTerms(lib, p.Conditions, nil)
	d.Drug = entityTerms(lib, p.Drugs, nil)
	d.Facet = facetValuesOf(p)
	aliases := append(entityTerms(lib, p.Conditions, unqualified), entityTerms(lib, p.Drugs, unqualified)...)
	d.Text = searchText(&d, aliases)
	return d
}

// searchText is what a query without a field searches: the title, then
// the text, then every other name the paper is found by (its entities'
// aliases). Title and text come first and in that order, so a term
// location in it is an offset into Paper.Title, or, past the title and
// textSeparator, into Paper.Text().
func searchText(d *document, aliases []string) string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteString(textSeparator)
	b.WriteString(d.Abstract)
	for _, list := range [][]string{{d.PMID, d.Journal}, d.Author, d.MeSH, d.Keyword, aliases} {
		for _, s := range list {
			b.WriteString(textSeparator)
			b.WriteString(s)
		}
	}
	return b.String()
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	return out
}

// textSeparator parts the pieces of FieldText.
const textSeparator = "\n"

// Prefixes of FieldFacet values, one per facet.
var facetPrefixes = map[string]string{
	FieldConditionID: "c:", FieldDrugID: "d:", FieldTypeFacet: "t:", FieldYearFacet: "y:", FieldSource: "s:",
}

// facetValuesOf is every facet value of p behind its facet's prefix: the
// same values newDocument puts in the facet fields. Empty year and source
// values are kept, as Bleve counts an empty keyword too.
func facetValuesOf(p *store.Paper) []string {
	year := ""
	if p.Year > 0 {
		year = strconv.Itoa(p.Year)
	}
	out := make([]string, 0, len(p.Conditions)+len(p.Drugs)+len(p.PubTypes)+2)
	add := func(field string, values ...string) {
		for _, v := range values {
			out = append(out, facetPrefixes[field]+v)
		}
	}
	add(FieldConditionID, p.Conditions...)
	add(FieldDrugID, p.Drugs...)
	add(FieldTypeFacet, p.PubTypes...)
	add(FieldYearFacet, year)
	add(FieldSource, p.Origin)
	return out
}

// entityTerms are the names of the entities ids that keep accepts (nil:
// every name), their abbreviations, and their IDs as words.
func entityTerms(lib *store.Library, ids []string, keep func(name, preferred string) bool) []string {
	var out []string
	for _, id := range ids {
		e, ok := lib.Entity(id)
		if !ok {
			continue
		}
		for _, n := range e.Names() {
			if keep == nil || keep(n, e.Name) {
				out = append(out, n)
			}
		}
		out = append(out, e.Abbreviations...)
		out = append(out, strings.ReplaceAll(e.ID, "-", " "))
	}
	return out
}

// unqualified is true for an entity's name that is not a qualified form of
// its preferred name. The text field takes only those: "oral minoxidil" and
// "topical minoxidil" name minoxidil too (the condition: and drug: fields
// keep every name), but in the text they put "oral" and "topical" in every
// minoxidil paper: "minoxidil -oral" found nothing, and the phrase "topical
// minoxidil" found the oral trials.
func unqualified(name, preferred string) bool {
	p := wordsOf(preferred)
	w := wordsOf(name)
	return w == p || !strings.Contains(w, p)
}

// wordsOf is s in lower case with every run of other characters than
// letters and digits as one space, between spaces, so that Contains
// compares whole words.
func wordsOf(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return " " + strings.Join(f, " ") + " "
}
