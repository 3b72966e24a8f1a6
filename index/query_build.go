package index

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/follicle/follicle/store"
)

// queryFieldOrder lists the fields a query may name, in the order an error
// lists them.
var queryFieldOrder = []string{
	FieldTitle, FieldAbstract, FieldAuthor, FieldJournal, FieldMeSH, FieldKeyword, FieldType,
	FieldCondition, FieldDrug, FieldYear, FieldPMID, FieldDOI, FieldSource, "tag", "note", FieldText,
}

// queryFields is queryFieldOrder as a set.
var queryFields = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range queryFieldOrder {
		m[f] = true
	}
	return m
}()

// filterFields are the fields whose clauses select papers without ranking
// them: each is a yes or no about a paper, scored the same for every paper
// it matches.
var filterFields = map[string]bool{
	FieldCondition: true, FieldDrug: true, FieldType: true, FieldYear: true, FieldPMID: true,
	FieldSource: true, "tag": true, "note": true, FieldDOI: true, fieldPMCID: true,
}

// queryEnv is what turning a parsed query into Bleve's needs from the
// index: the mapping's analyzers, the lexicon for entity names, the
// publication types present, and the user's tags and notes.
type queryEnv struct {
	mapping  mapping.IndexMapping
	lib      *store.Library             // nil: entity names are not resolved
	types    []string                   // publication types of the library
	personal *store.Personal            // nil: tag: and note: match nothing
	mesh     func() (*meshIndex, error) // the library's MeSH tree (nil: none)
}

// builder turns a parsed query into a Bleve query, noting how each clause
// was understood.
type builder struct {
	env  queryEnv
	text string
	// typing is the byte offset of the word being typed (matched also as
	// a prefix), or -1.
	typing int
	// understood says how clauses were read (Result.Details), notes what
	// could not be honoured as written (Result.Notes).
	understood, notes []string
	// dropped counts the clauses left out as stop words or punctuation.
	dropped int
}

// node builds n; a nil query means the clause matches no constraint at all
// (a stop word), and is left out of its parent.
func (b *builder) node(n *qnode) (query.Query, error) {
	switch n.kind {
	case nodeTerm:
		return b.term(n.term)
	case nodeNot:
		q, err := b.node(n.kids[0])
		if err != nil || q == nil {
			return nil, err
		}
		return &query.BooleanQuery{MustNot: q}, nil
	case nodeOr:
		var any []query.Query
		for _, k := range n.kids {
			q, err := b.node(k)
			if err != nil {
				return nil, err
			}
			if q != nil {
				any = append(any, q)
			}
		}
		return disjunction(any, 1), nil
	default:
		var must, not []query.Query
		for _, k := range n.kids {
			if k.kind == nodeNot {
				q, err := b.node(k.kids[0])
				if err != nil {
					return nil, err
				}
				if q != nil {
					not = append(not, q)
				}
				continue
			}
			q, err := b.node(k)
			if err != nil {
				return nil, err
			}
			if q != nil {
				must = append(must, q)
			}
		}
		return allOf(must, not), nil
	}
}

// allOf requires every query of must and none of not.
func allOf(must, not []query.Query) query.Query {
	var all query.Query
	switch len(must) {
	case 0:
	case 1:
		all = must[0]
	default:
		all = bleve.NewConjunctionQuery(must...)
	}
	if len(not) == 0 {
		return all
	}
	return &query.BooleanQuery{Must: all, MustNot: disjunction(not, 1)}
}

// disjunction matches at least min of qs (nil for none).
func disjunction(qs []query.Query, min int) query.Query {
	switch {
	case len(qs) == 0:
		return nil
	case len(qs) == 1 && min <= 1:
		return qs[0]
	}
	d := bleve.NewDisjunctionQuery(qs...)
	d.SetMin(float64(min))
	return d
}

// term builds one clause.
func (b *builder) term(t term) (query.Query, error) {
	if t.tag != "" {
		return b.pubmedTerm(t)
	}
	switch t.field {
	case "":
		if t.phrase {
			return b.asWritten(t, FieldTitle, FieldAbstract)
		}
		return b.words(FieldText, t)
	case FieldText, FieldTitle, FieldAbstract, FieldAuthor, FieldJournal, FieldMeSH, FieldKeyword:
		field := t.field
		if field == "" {
			field = FieldText
		}
		return b.words(field, t)
	case FieldCondition:
		return b.entityFilter(store.KindCondition, t)
	case FieldDrug:
		return b.entityFilter(store.KindDrug, t)
	case FieldType:
		return b.typeFilter(t)
	case FieldYear:
		return b.yearFilter(t)
	case FieldPMID:
		b.understood = append(b.understood, "PMID "+t.value)
		return filter(keywordTerm(FieldPMID, strings.TrimSpace(t.value))), nil
	case FieldDOI:
		b.understood = append(b.understood, "DOI "+t.value)
		return filter(keywordTerm(FieldDOI, strings.ToLower(strings.TrimSpace(t.value)))), nil
	case fieldPMCID:
		b.notes = append(b.notes, t.value+": Follicle keeps no PMC IDs; search the paper's PMID or DOI")
		return bleve.NewMatchNoneQuery(), nil
	case FieldSource:
		v := strings.ToLower(t.value)
		if v != store.OriginBundled && v != store.OriginImported {
			return nil, syntaxErr(b.text, t.pos, "source:%s: want source:bundled or source:imported", t.value)
		}
		return filter(keywordTerm(FieldSource, v)), nil
	default: // tag, note
		return b.personalFilter(t)
	}
}

// words matches a word, a phrase or a pattern in field: a word that
// analyses to several terms ("IL-6", "5-alpha") is a phrase where the
// field keeps positions and needs all its terms elsewhere; a stop word
// alone is left out (it would otherwise match nothing and so, under AND,
// empty the list).
func (b *builder) words(field string, t term) (query.Query, error) {
	if strings.ContainsAny(t.value, "*?") && !t.phrase {
		if t.fuzzy > 0 {
			// Bleve's query string read "pa?????s~2" as ~2 on "pa" and "s";
			// a pattern that is also fuzzy has no meaning worth its cost.
			return nil, syntaxErr(b.text, t.pos, "%s: a pattern (* or ?) cannot also be fuzzy (~)", t.value)
		}
		if err := checkWildcard(t.value); err != nil {
			return nil, syntaxErr(b.text, t.pos, "%s", err.Error())
		}
		w := bleve.NewWildcardQuery(t.value)
		w.SetField(field)
		return rewriteCostly(w), nil
	}
	tokens := b.analyze(field, t.value)
	if t.pos == b.typing && t.bare {
		word := bleve.NewMatchQuery(t.value)
		return &typingWordQuery{word: word, prefix: &typingPrefixQuery{prefix: strings.ToLower(t.value)}}, nil
	}
	if tokens == 0 {
		b.dropped++
		if strings.TrimSpace(t.value) != "" && !t.phrase {
			b.understood = append(b.understood, fmt.Sprintf("%s ignored (too common to search)", t.value))
		}
		return nil, nil
	}
	// A fuzzy word is never a phrase: Bleve's fuzzy phrase would expand
	// every analysed term without the bounds of fuzzyMatchQuery
	// ("pa?????s~2" is ~2 on "pa" and on "s").
	if t.fuzzy == 0 && (t.phrase || (tokens > 1 && positionsIn[field])) {
		if !positionsIn[field] {
			if err := checkPhraseField(field); err != nil {
				return nil, syntaxErr(b.text, t.pos, "%s", err.Error())
			}
		}
		p := bleve.NewMatchPhraseQuery(t.value)
		if field != FieldText {
			p.SetField(field)
		}
		p.SetFuzziness(t.fuzzy)
		return rewriteCostly(p), nil
	}
	m := bleve.NewMatchQuery(t.value)
	if field != FieldText {
		m.SetField(field)
	}
	m.SetFuzziness(t.fuzzy)
	if t.fuzzy > 1 && utf8.RuneCountInString(t.value) < minFuzzyLength {
		m.SetFuzziness(1)
	}
	if tokens > 1 {
		m.SetOperator(query.MatchQueryOperatorAnd)
	}
	// A fuzzy word is searched through fuzzyMatchQuery, which bounds each
	// analysed term's distance and expansion (see fuzzy.go).
	return rewriteCostly(m), nil
}

// asWritten matches a quoted phrase as written in the given fields (the
// title, the abstract) and not by an entity's other names, which a search
// of the whole text also finds: quotes turn expansion off, as in Europe
// PMC. The phrase is still matched (and highlighted) in the whole text;
// the fields only restrict which papers count. The abstract keeps no
// positions, so there its words must all be present.
func (b *builder) asWritten(t term, fields ...string) (query.Query, error) {
	q, err := b.words(FieldText, t)
	if err != nil || q == nil {
		return q, err
	}
	if lib := b.env.lib; lib != nil && t.tag == "" {
		for _, kind := range []store.Kind{store.KindDrug, store.KindCondition} {
			if e, err := lib.FindEntity(kind, t.value); err == nil {
				b.understood = append(b.understood, fmt.Sprintf("%q as written, not by the other names of %s %s", t.value, kind, e.Name))
				break
			}
		}
	}
	var in []query.Query
	for _, f := range fields {
		if positionsIn[f] {
			p := bleve.NewMatchPhraseQuery(t.value)
			p.SetField(f)
			in = append(in, p)
			continue
		}
		m := bleve.NewMatchQuery(t.value)
		m.SetField(f)
		m.SetOperator(query.MatchQueryOperatorAnd)
		in = append(in, m)
	}
	return bleve.NewConjunctionQuery(q, filter(disjunction(in, 1))), nil
}

// analyze counts the terms field's analyzer makes of s.
func (b *builder) analyze(field, s string) int {
	a := b.env.mapping.AnalyzerNamed(b.env.mapping.AnalyzerNameForPath(field))
	if a == nil {
		return 1
	}
	return len(a.Analyze([]byte(s)))
}

// filter scores every paper a filter clause matches the same, so a filter
// selects papers without reordering them.
func filter(q query.Query) query.Query { return &constantScoreQuery{inner: q} }

func keywordTerm(field, value string) query.Query {
	q := bleve.NewTermQuery(value)
	q.SetField(field)
	return q
}

// entityFilter matches the papers about the entity a name (any name the
// panes show, a synonym, brand, code or abbreviation) resolves to, and
// papers about its narrower entities (a class holds its members); a value
// that names no entity matches its words in the entity names.
func (b *builder) entityFilter(kind store.Kind, t term) (query.Query, error) {
	field, idField := FieldCondition, FieldConditionID
	if kind == store.KindDrug {
		field, idField = FieldDrug, FieldDrugID
	}
	if b.env.lib != nil {
		if e, err := b.env.lib.FindEntity(kind, t.value); err == nil {
			b.understood = append(b.understood, fmt.Sprintf("%s:%s → %s %s (filter)", field, t.value, kind, e.Name))
			return filter(keywordTerm(idField, e.ID)), nil
		}
	}
	if strings.ContainsAny(t.value, "*?") {
		if t.fuzzy > 0 {
			return nil, syntaxErr(b.text, t.pos, "%s: a pattern (* or ?) cannot also be fuzzy (~)", t.value)
		}
		if err := checkWildcard(t.value); err != nil {
			return nil, syntaxErr(b.text, t.pos, "%s", err.Error())
		}
		w := bleve.NewWildcardQuery(strings.ToLower(t.value))
		w.SetField(field)
		return filter(w), nil
	}
	b.understood = append(b.understood, fmt.Sprintf("%s:%s → no %s of that name: its words in %s names (filter)", field, t.value, kind, kind))
	m := bleve.NewMatchQuery(t.value)
	m.SetField(field)
	m.SetOperator(query.MatchQueryOperatorAnd)
	return filter(m), nil
}

// typeFilter matches a publication type as the panes name it (in any
// case), or, failing that, the types holding its words ("type:review" is
// every kind of review).
func (b *builder) typeFilter(t term) (query.Query, error) {
	for _, name := range b.env.types {
		if strings.EqualFold(name, strings.TrimSpace(t.value)) {
			return filter(keywordTerm(FieldTypeFacet, name)), nil
		}
	}
	m := bleve.NewMatchQuery(t.value)
	m.SetField(FieldType)
	m.SetOperator(query.MatchQueryOperatorAnd)
	return filter(m), nil
}

// personalFilter matches the papers a tag: or note: term picks out of the
// user's own state.
func (b *builder) personalFilter(t term) (query.Query, error) {
	var ids []string
	if p := b.env.personal; p != nil {
		value := strings.ToLower(t.value)
		if t.field == "tag" {
			if tags := store.NormalizeTags([]string{value}); len(tags) > 0 {
				ids = p.Tagged(tags[0])
			}
		} else {
			for pmid, note := range p.Notes {
				if strings.Contains(strings.ToLower(note), value) {
					ids = append(ids, pmid)
				}
			}
		}
	}
	return filter(bleve.NewDocIDQuery(ids)), nil
}
