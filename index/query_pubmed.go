package index

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// yearFilter reads year:2020, year:>=2020 (also >, <, <=) and year ranges
// (year:2019..2024, year:2019-2024, 2019:2024[dp]).
func (b *builder) yearFilter(t term) (query.Query, error) {
	from, to, err := parseYears(t.value)
	if err != nil {
		written := "year:" + t.value
		if t.tag != "" {
			written = t.value + "[" + t.tag + "]"
		}
		return nil, syntaxErr(b.text, t.pos, "%s: %v", written, err)
	}
	return filter(yearRange(from, to)), nil
}

// yearPattern is a year, optionally after a comparison, or two years
// (each possibly with /month/day, as PubMed dates are written) joined by
// a range mark.
var yearPattern = regexp.MustCompile(`^(>=|<=|>|<|=)?(\d{4})(?:/\d{1,2}(?:/\d{1,2})?)?(?:(\.\.|-|:)(\d{4})(?:/\d{1,2}(?:/\d{1,2})?)?)?$`)

// parseYears returns the inclusive bounds a year value means (0: open).
func parseYears(v string) (from, to int, err error) {
	m := yearPattern.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return 0, 0, fmt.Errorf("want a year like 2020, >=2020 or 2019..2024")
	}
	y, _ := strconv.Atoi(m[2])
	if m[3] != "" {
		if m[1] != "" {
			return 0, 0, fmt.Errorf("a range takes no %s", m[1])
		}
		end, _ := strconv.Atoi(m[4])
		if end < y {
			return 0, 0, fmt.Errorf("the range ends before it starts")
		}
		return y, end, nil
	}
	switch m[1] {
	case ">=":
		return y, 0, nil
	case ">":
		return y + 1, 0, nil
	case "<=":
		return 0, y, nil
	case "<":
		return 0, y - 1, nil
	default:
		return y, y, nil
	}
}

// pubmedTags maps PubMed's field tags (and their long forms) to what
// Follicle searches. Each entry says what the tag became, for the details
// line.
var pubmedTags = map[string]string{
	"tiab": "tiab", "title/abstract": "tiab",
	"ti": "ti", "title": "ti",
	"ab": "ab", "abstract": "ab",
	"tw": "tw", "text word": "tw", "all": "tw", "all fields": "tw",
	"au": "au", "author": "au", "1au": "1au", "first author": "1au", "fau": "au", "full author name": "au", "lastau": "1au",
	"ta": "ta", "journal": "ta", "jour": "ta",
	"mh": "mh", "mesh": "mh", "mesh terms": "mh", "mh:noexp": "mh:noexp", "mesh:noexp": "mh:noexp",
	"majr": "majr", "mesh major topic": "majr", "majr:noexp": "majr",
	"pt": "pt", "publication type": "pt",
	"dp": "dp", "pdat": "dp", "publication date": "dp",
	"la": "la", "language": "la",
	"pmid": "pmid", "uid": "pmid",
	"ot": "ot", "other term": "ot", "kw": "ot",
}

// pubmedTerm builds a clause carrying a PubMed field tag.
func (b *builder) pubmedTerm(t term) (query.Query, error) {
	tag := t.tag
	kind, ok := pubmedTags[tag]
	if !ok {
		b.notes = append(b.notes, fmt.Sprintf("[%s] is not a tag Follicle knows: %s searched in all fields", tag, quoteTerm(t)))
		return b.words(FieldText, t)
	}
	inField := func(field, says string) (query.Query, error) {
		b.understood = append(b.understood, fmt.Sprintf("%s[%s] → %s", quoteTerm(t), tag, says))
		return b.words(field, t)
	}
	switch kind {
	case "tiab":
		if t.phrase {
			b.understood = append(b.understood, fmt.Sprintf("%s[%s] → title or abstract", quoteTerm(t), tag))
			return b.asWritten(t, FieldTitle, FieldAbstract)
		}
		b.understood = append(b.understood, fmt.Sprintf("%s[%s] → title or abstract", quoteTerm(t), tag))
		ti, err := b.words(FieldTitle, t)
		if err != nil || ti == nil {
			return ti, err
		}
		ab, err := b.words(FieldAbstract, t)
		if err != nil {
			return nil, err
		}
		return disjunction([]query.Query{ti, ab}, 1), nil
	case "ti":
		return inField(FieldTitle, "title")
	case "ab":
		if t.phrase {
			b.understood = append(b.understood, fmt.Sprintf("%s[%s] → abstract", quoteTerm(t), tag))
			return b.asWritten(t, FieldAbstract)
		}
		return inField(FieldAbstract, "abstract")
	case "tw":
		return inField(FieldText, "all text")
	case "au":
		return b.authorTerm(t)
	case "1au":
		b.notes = append(b.notes, fmt.Sprintf("[%s] searched as any author: Follicle does not index author order", tag))
		return b.authorTerm(t)
	case "ta":
		return inField(FieldJournal, "journal")
	case "mh", "mh:noexp", "majr":
		return b.meshTerm(t, kind)
	case "ot":
		return inField(FieldKeyword, "keywords")
	case "pt":
		b.understood = append(b.understood, fmt.Sprintf("%s[%s] → publication type (filter)", quoteTerm(t), tag))
		return b.typeFilter(t)
	case "dp":
		b.understood = append(b.understood, fmt.Sprintf("%s[%s] → year (filter)", quoteTerm(t), tag))
		return b.yearFilter(t)
	case "pmid":
		return filter(keywordTerm(FieldPMID, strings.TrimSpace(t.value))), nil
	default: // la
		code := languageCode(t.value)
		b.understood = append(b.understood, fmt.Sprintf("%s[%s] → language %s (filter)", quoteTerm(t), tag, code))
		return filter(keywordTerm(FieldLanguage, code)), nil
	}
}

// languageCodes are PubMed's codes for the languages a strategy names
// most (PubMed accepts the English name or the code).
var languageCodes = map[string]string{
	"english": "eng", "french": "fre", "german": "ger", "spanish": "spa", "italian": "ita", "portuguese": "por",
	"japanese": "jpn", "chinese": "chi", "russian": "rus", "dutch": "dut", "polish": "pol", "korean": "kor",
	"turkish": "tur", "swedish": "swe", "danish": "dan", "norwegian": "nor", "czech": "cze", "hungarian": "hun",
	"greek": "gre", "hebrew": "heb", "persian": "per", "arabic": "ara", "finnish": "fin", "croatian": "hrv",
}

// languageCode is PubMed's code for a language named in a query.
func languageCode(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if code, ok := languageCodes[name]; ok {
		return code
	}
	return name
}

// authorTerm matches an author as PubMed writes one ("smith j", "Smith
// JA"): every word in the author field.
func (b *builder) authorTerm(t term) (query.Query, error) {
	b.understood = append(b.understood, fmt.Sprintf("%s[%s] → author", quoteTerm(t), t.tag))
	t.phrase = false
	return b.words(FieldAuthor, t)
}

// meshTerm matches a MeSH heading as a phrase in the paper's headings.
// Follicle keeps no MeSH tree, so a heading is not exploded to the
// headings under it; a phrase in the headings does match every heading
// holding its words ("neoplasms" matches "Lung Neoplasms"), which is how
// far it gets. Subheadings ("serine/metabolism") are not kept either: the
// heading alone is matched. The notes say both.
func (b *builder) meshTerm(t term, kind string) (query.Query, error) {
	written := quoteTerm(t) + "[" + t.tag + "]"
	t.phrase = true
	if heading, sub, ok := strings.Cut(t.value, "/"); ok {
		b.notes = append(b.notes, fmt.Sprintf("%s: subheadings are not kept, so /%s was left out", written, sub))
		t.value = heading
	}
	hasTree := false
	if kind != "majr" && b.env.mesh != nil {
		tree, err := b.env.mesh()
		if err != nil {
			return nil, err
		}
		if tree != nil {
			if q, ok := b.treeHeading(tree, t, kind, written); ok {
				return q, nil
			}
			hasTree = true
		}
	}
	if kind == "mh" && !hasTree {
		b.notes = append(b.notes, fmt.Sprintf("%s matched the heading itself (and headings holding its words): no MeSH tree to explode it", written))
	} else if !hasTree {
		b.understood = append(b.understood, fmt.Sprintf("%s → MeSH heading", written))
	}
	if kind == "majr" {
		b.notes = append(b.notes, fmt.Sprintf("[%s] searched as any heading: Follicle does not index major topics", t.tag))
	}
	return b.words(FieldMeSH, t)
}

// treeHeading matches a heading of the library's MeSH tree exactly, with
// every heading under it for [mh]; ok is false for a name the tree does
// not hold.
func (b *builder) treeHeading(tree *meshIndex, t term, kind, written string) (query.Query, bool) {
	names, ok := tree.explode(t.value)
	if !ok {
		b.notes = append(b.notes, fmt.Sprintf("%s is not a heading of the library's MeSH tree: headings holding its words matched", written))
		return nil, false
	}
	if kind == "mh:noexp" {
		b.understood = append(b.understood, fmt.Sprintf("%s → MeSH heading %s, not exploded", written, t.value))
		return explodedMeSH(tree.inLibrary(names[:1])), true
	}
	b.understood = append(b.understood, fmt.Sprintf("%s → MeSH heading %s and the %d under it", written, t.value, len(names)-1))
	return explodedMeSH(tree.inLibrary(names)), true
}

// quoteTerm writes a term as the user would: a phrase in quotes.
func quoteTerm(t term) string {
	if t.phrase {
		return strconv.Quote(t.value)
	}
	return t.value
}
