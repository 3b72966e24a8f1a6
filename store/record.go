package store

import (
	"fmt"
	"strings"
)

// Annotation is an entity mention that an annotated format (PubTator)
// carries with a paper.
type Annotation struct {
	Kind       Kind     // KindCondition, KindDrug, or "" for other types
	Type       string   // the format's own type, e.g. "Chemical", "SpecificDisease"
	Text       string   // the mention as written
	Start, End int      // character offsets in title + " " + abstract
	IDs        []string // normalised identifiers, e.g. "D009270", "OMIM:123"
	Names      []string // for a composite mention, each ID's own name
}

// MeSHHeading is one MeSH descriptor of a record.
type MeSHHeading struct {
	UI         string
	Name       string
	Major      bool
	Qualifiers []string
}

// Substance is one entry of a record's chemical list.
type Substance struct {
	UI   string
	Name string
}

// Record is what every reader returns: a paper plus what the format says
// about it beyond the paper itself. A record that only deletes carries an
// empty Paper.PMID and the deleted PMIDs.
type Record struct {
	Paper       Paper
	Annotations []Annotation
	Headings    []MeSHHeading
	Chemicals   []Substance
	Version     int      // the PMID's version; newer replaces older
	Deleted     []string // PMIDs a DeleteCitation removes
	Line        int      // 1-based line where the record starts, when known
}

// RecordReader streams records. Next returns io.EOF after the last one. A
// *ParseError that is not Fatal concerns one record only: the caller may
// report it and call Next again for the following record.
type RecordReader interface {
	Next() (Record, error)
}

// ParseError locates a problem in an input file.
type ParseError struct {
	Format string // "pubmed-xml", "medline", …
	File   string
	Record string // "PMID 123" or "record 12"
	Line   int
	Fatal  bool // the rest of the input cannot be read
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Format)
	if e.File != "" {
		b.WriteString(": " + e.File)
	}
	var where []string
	if e.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", e.Line))
	}
	if e.Record != "" {
		where = append(where, e.Record)
	}
	if len(where) > 0 {
		b.WriteString(": " + strings.Join(where, ", "))
	}
	b.WriteString(": " + oneLineError(e.Err))
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// oneLineError is err's message on one line with no control character:
// decoders' messages quote the input they choked on, raw.
func oneLineError(err error) string {
	if err == nil {
		return "unknown error"
	}
	return CleanText(err.Error())
}

// MonthName normalises a month ("06", "6", "Jun", "June") to "Jan".."Dec",
// or "" when it is none of those.
func MonthName(m string) string {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	m = strings.TrimSpace(m)
	var n int
	if _, err := fmt.Sscanf(m, "%d", &n); err == nil && n >= 1 && n <= 12 && len(m) <= 2 {
		return months[n-1]
	}
	for _, name := range months {
		if len(m) >= 3 && strings.EqualFold(m[:3], name) {
			return name
		}
	}
	return ""
}
