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
const MappingVersion = 5

// Field names: the searchable ones are those the query language exposes
// (title:, abstract:, author:, …); the *_id and *_facet ones are exact
// keywords for filters and facet counts.
const (
	FieldPMID        = "pmid"
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
func NewMapping() mapping.IndexMapping {
	doc := bleve.NewDocumentStaticMapping()
	// Term vectors (positions) serve phrases and highlighting; only title
	// and text are highlighted, and fielded phrases on the other fields are
	// rare, so they index without them: a faster build and a smaller index.
	addText(doc, FieldTitle, en.AnalyzerName, true, true)
	addText(doc, FieldAbstract, en.AnalyzerName, true, true)
	addText(doc, FieldAuthor, standard.Name, true, false)
	addText(doc, FieldJournal, standard.Name, true, true)
	addText(doc, FieldMeSH, en.AnalyzerName, true, true)
	addText(doc, FieldKeyword, en.AnalyzerName, true, false)
	addText(doc, FieldCondition, en.AnalyzerName, true, false)
	addText(doc, FieldDrug, en.AnalyzerName, true, false)
	addText(doc, FieldType, standard.Name, false, false)
	addKeyword(doc, FieldPMID, true, true) // doc values: the final sort key
	addKeyword(doc, FieldFacet, false, true)
	for _, f := range []string{FieldSource, FieldConditionID, FieldDrugID, FieldTypeFacet, FieldYearFacet} {
		addKeyword(doc, f, false, false) // filters only: facets come from FieldFacet
	}
	year := bleve.NewNumericFieldMapping()
	year.Store = false
	year.IncludeInAll = false
	doc.AddFieldMappingsAt(FieldYear, year)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultType = docType
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

func addText(doc *mapping.DocumentMapping, name, analyzer string, inAll, vectors bool) {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeTermVectors = vectors
	f.IncludeInAll = inAll
	f.DocValues = false
	doc.AddFieldMappingsAt(name, f)
}

func addKeyword(doc *mapping.DocumentMapping, name string, inAll, docValues bool) {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = inAll
	f.DocValues = docValues
	doc.AddFieldMappingsAt(name, f)
}
