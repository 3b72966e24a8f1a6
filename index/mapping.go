// Package index owns Follicle's Bleve index: the mapping, building it from a
// store.Library, opening it, and answering typed search requests with hits,
// facet counts and highlight spans. It is the only package that imports Bleve.
package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping or the document shape changes,
// so an index built by an older Follicle is rebuilt instead of misread.
const MappingVersion = 9

// Field names: the searchable ones are those the query language exposes
// (title:, abstract:, author:, …); the *_id and *_facet ones are exact
// keywords for filters and facet counts.
const (
	FieldPMID        = "pmid"
	FieldText        = "text"
	FieldTitle       = "title"
	FieldAbstract    = "abstract"
	FieldAuthor      = "author"
	FieldJournal     = "journal"
	FieldMeSH        = "mesh"
	FieldKeyword     = "keyword"
	FieldType        = "type"
	FieldCondition   = "condition"
	FieldDrug        = "drug"
	FieldYear        = "year"
	FieldSource      = "source"
	FieldConditionID = "condition_id"
	FieldDrugID      = "drug_id"
	FieldTypeFacet   = "type_facet"
	FieldYearFacet   = "year_facet"
	// FieldDOI is the paper's DOI in lower case, so a pasted DOI finds it.
	FieldDOI = "doi"
	// FieldMeSHHeading holds each MeSH heading whole, in lower case, for
	// [mh] exploded along a MeSH tree.
	FieldMeSHHeading = "mesh_heading"
	// FieldLanguage is the paper's language as PubMed codes it ("eng").
	FieldLanguage = "language"
	// FieldFacet holds every facet value of a paper behind a one-letter
	// prefix (c: condition, d: drug, t: type, y: year, s: source), so one
	// doc-value visit per matching paper counts all five facets.
	FieldFacet = "facet"
)

const docType = "paper"

// NewMapping returns the index mapping: English analysis with stemming for
// prose, the standard analyzer for names, keywords for IDs and facets, and a
// numeric year for ranges and sorting. Nothing is stored: the library holds
// the text, so the index stays small.
//
// A query without a field searches FieldText: one field holding the title,
// the text and every name the paper is searched by (see searchText), with
// term vectors for phrases and highlighting. It replaces Bleve's _all
// field, which copied every field's positions a second time: building
// merged each document's fields into it (a sixth of a build), and the
// abstract's positions, stored twice, were half of the index.
func NewMapping() mapping.IndexMapping {
	doc := bleve.NewDocumentStaticMapping()
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	addText(doc, FieldText, en.AnalyzerName, true)
	// Term vectors (positions) serve phrases and highlighting. Fielded
	// phrases work in title, journal and mesh; the abstract's positions
	// are in FieldText, so its own field only finds words (guard refuses
	// a phrase in a field without positions rather than find nothing).
	addText(doc, FieldTitle, en.AnalyzerName, true)
	addText(doc, FieldAbstract, en.AnalyzerName, false)
	addText(doc, FieldAuthor, standard.Name, false)
	addText(doc, FieldJournal, standard.Name, true)
	addText(doc, FieldMeSH, en.AnalyzerName, true)
	addText(doc, FieldKeyword, en.AnalyzerName, false)
	addText(doc, FieldCondition, en.AnalyzerName, false)
	addText(doc, FieldDrug, en.AnalyzerName, false)
	addText(doc, FieldType, standard.Name, false)
	addKeyword(doc, FieldPMID, true) // doc values: the final sort key
	addKeyword(doc, FieldFacet, true)
	for _, f := range []string{FieldSource, FieldConditionID, FieldDrugID, FieldTypeFacet, FieldYearFacet, FieldDOI, FieldLanguage, FieldMeSHHeading} {
		addKeyword(doc, f, false) // filters only: facets come from FieldFacet
	}
	year := bleve.NewNumericFieldMapping()
	year.Store = false
	year.IncludeInAll = false
	doc.AddFieldMappingsAt(FieldYear, year)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultType = docType
	m.DefaultAnalyzer = en.AnalyzerName
	m.DefaultField = FieldText
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// positionsIn lists the fields indexed with term vectors: a phrase needs
// them.
var positionsIn = map[string]bool{FieldText: true, FieldTitle: true, FieldJournal: true, FieldMeSH: true}

func addText(doc *mapping.DocumentMapping, name, analyzer string, vectors bool) {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeTermVectors = vectors
	f.IncludeInAll = false
	f.DocValues = false
	doc.AddFieldMappingsAt(name, f)
}

func addKeyword(doc *mapping.DocumentMapping, name string, docValues bool) {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = docValues
	doc.AddFieldMappingsAt(name, f)
}
