// Package pubmedcsv reads the CSV that PubMed's "Save → CSV" writes:
// PMID, Title, Authors, Citation, First Author, Journal/Book, Publication
// Year, Create Date, PMCID, NIHMS ID, DOI. It has no abstracts, but a list
// of papers is still worth browsing and linking. Columns are found by their
// header names, so a missing or reordered column is tolerated.
package pubmedcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/follicle/follicle/store"
)

// Format names this reader in errors.
const Format = "pubmed-csv"

// Reader streams papers from PubMed CSV.
type Reader struct {
	csv    *csv.Reader
	file   string
	cols   map[string]int
	row    int
	failed bool
}

// NewReader reads PubMed CSV from r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	c := csv.NewReader(r)
	c.FieldsPerRecord = -1
	c.LazyQuotes = true
	c.ReuseRecord = false
	return &Reader{csv: c, file: file}
}

// Next returns the next paper.
func (r *Reader) Next() (store.Record, error) {
	if r.failed {
		return store.Record{}, io.EOF
	}
	if r.cols == nil {
		if err := r.readHeader(); err != nil {
			r.failed = true
			return store.Record{}, err
		}
	}
	row, err := r.csv.Read()
	if errors.Is(err, io.EOF) {
		return store.Record{}, io.EOF
	}
	r.row++
	line, _ := r.csv.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		fatal := !errors.As(err, &pe)
		r.failed = fatal
		return store.Record{}, &store.ParseError{Format: Format, File: r.file, Record: fmt.Sprintf("row %d", r.row), Line: line, Fatal: fatal, Err: err}
	}
	// The PMID is checked as written: "77<ESC>]0;…" is not PMID 77.
	pmid := ""
	if i := r.cols["pmid"]; i < len(row) {
		pmid = strings.TrimSpace(row[i])
	}
	if !store.ValidPMID(pmid) {
		return store.Record{}, &store.ParseError{Format: Format, File: r.file, Record: fmt.Sprintf("row %d", r.row), Line: line, Err: fmt.Errorf("PMID %s is not a number", store.QuoteID(pmid))}
	}
	p := r.paper(row)
	rec := store.Record{Paper: p, Version: 1, Line: line}
	store.CleanRecord(&rec)
	return rec, nil
}

func (r *Reader) readHeader() error {
	header, err := r.csv.Read()
	if err != nil {
		return &store.ParseError{Format: Format, File: r.file, Line: 1, Fatal: true, Err: fmt.Errorf("read header: %w", err)}
	}
	r.cols = map[string]int{}
	for i, h := range header {
		r.cols[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := r.cols["pmid"]; !ok {
		return &store.ParseError{Format: Format, File: r.file, Line: 1, Fatal: true, Err: errors.New("header has no PMID column")}
	}
	return nil
}

func (r *Reader) get(row []string, name string) string {
	if i, ok := r.cols[name]; ok && i < len(row) {
		return store.CleanText(unneutralize(row[i]))
	}
	return ""
}

// unneutralize removes the apostrophe that a CSV writer (Follicle's export
// among them) puts before a cell that would otherwise start a formula, so
// an export reads back unchanged.
func unneutralize(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}

func (r *Reader) paper(row []string) store.Paper {
	p := store.Paper{
		PMID:    r.get(row, "pmid"),
		Title:   r.get(row, "title"),
		Journal: r.get(row, "journal/book"),
		DOI:     r.get(row, "doi"),
		Origin:  store.OriginImported,
	}
	for _, a := range strings.Split(strings.TrimSuffix(r.get(row, "authors"), "."), ",") {
		if a = strings.TrimSpace(a); a != "" {
			p.Authors = append(p.Authors, a)
		}
	}
	p.Year, _ = strconv.Atoi(r.get(row, "publication year"))
	parseCitation(r.get(row, "citation"), &p)
	return p
}

// citationRe reads "J Abbr. 2023 Jun;19(6):565-573. doi: …".
var citationRe = regexp.MustCompile(`^(.+?)\. (\d{4})(?: ([A-Za-z]{3})[^;:.]*)?(?:;([^(:.]*))?(?:\(([^)]*)\))?(?::(\S+?))?(?:\.\s|\.$|$)`)

func parseCitation(c string, p *store.Paper) {
	m := citationRe.FindStringSubmatch(c)
	if m == nil {
		return
	}
	if p.Journal == "" {
		p.Journal = m[1]
	}
	if p.Year == 0 {
		p.Year, _ = strconv.Atoi(m[2])
	}
	p.Month = store.MonthName(m[3])
	p.Volume, p.Issue, p.Pages = strings.TrimSpace(m[4]), strings.TrimSpace(m[5]), strings.TrimSpace(m[6])
}
