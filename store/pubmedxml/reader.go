// Package pubmedxml reads PubMed XML: efetch and "Save" PubmedArticleSet
// files, the annual baseline and update files (with DeleteCitation), and the
// older MedlineCitationSet. It streams, so a baseline file never has to fit
// in memory, and it never expands entities declared in a DOCTYPE, so an XML
// bomb is inert.
package pubmedxml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/follicle/follicle/store"
)

// Format names this reader in errors.
const Format = "pubmed-xml"

// MaxRecordBytes bounds one record; a larger one is refused as malformed
// rather than read into memory.
const MaxRecordBytes = 64 << 20

// Reader streams records from PubMed XML.
type Reader struct {
	dec     *xml.Decoder
	budget  *budgetReader
	file    string
	ordinal int
	failed  bool
}

// NewReader reads PubMed XML from r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	b := &budgetReader{r: r, left: MaxRecordBytes}
	dec := xml.NewDecoder(b)
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("unsupported encoding %q (PubMed XML is UTF-8)", label)
	}
	return &Reader{dec: dec, budget: b, file: file}
}

// Next returns the next record. Broken XML ends the stream with a fatal
// *store.ParseError; a record without a PMID is a non-fatal one.
func (r *Reader) Next() (store.Record, error) {
	if r.failed {
		return store.Record{}, io.EOF
	}
	for {
		r.budget.left = MaxRecordBytes
		tok, err := r.dec.Token()
		if errors.Is(err, io.EOF) {
			return store.Record{}, io.EOF
		}
		if err != nil {
			return store.Record{}, r.fatal(err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "PubmedArticle":
			return r.article(start)
		case "MedlineCitation":
			return r.citation(start)
		case "DeleteCitation":
			return r.deletion(start)
		case "PubmedBookArticle":
			r.ordinal++
			if err := r.dec.Skip(); err != nil {
				return store.Record{}, r.fatal(err)
			}
			return store.Record{}, r.recordError("", errors.New("PubMed book records are not supported; skipped"))
		}
	}
}

func (r *Reader) article(start xml.StartElement) (store.Record, error) {
	r.ordinal++
	var a xmlPubmedArticle
	if err := r.dec.DecodeElement(&a, &start); err != nil {
		return store.Record{}, r.fatal(err)
	}
	return r.finish(convert(a.Citation, a.PubmedData.ArticleIDs))
}

func (r *Reader) citation(start xml.StartElement) (store.Record, error) {
	r.ordinal++
	var c xmlCitation
	if err := r.dec.DecodeElement(&c, &start); err != nil {
		return store.Record{}, r.fatal(err)
	}
	return r.finish(convert(c, nil))
}

func (r *Reader) deletion(start xml.StartElement) (store.Record, error) {
	r.ordinal++
	var d xmlDelete
	if err := r.dec.DecodeElement(&d, &start); err != nil {
		return store.Record{}, r.fatal(err)
	}
	rec := store.Record{}
	for _, p := range d.PMIDs {
		if v := trim(p.Value); store.ValidPMID(v) {
			rec.Deleted = append(rec.Deleted, v)
		}
	}
	return rec, nil
}

func (r *Reader) finish(rec store.Record) (store.Record, error) {
	if rec.Paper.PMID == "" {
		return store.Record{}, r.recordError("", errors.New("record has no PMID"))
	}
	if !store.ValidPMID(rec.Paper.PMID) {
		return store.Record{}, r.recordError("", fmt.Errorf("PMID %s is not a PubMed ID (digits only)", store.QuoteID(rec.Paper.PMID)))
	}
	store.CleanRecord(&rec)
	return rec, nil
}

func (r *Reader) recordError(pmid string, err error) error {
	where := fmt.Sprintf("record %d", r.ordinal)
	if pmid != "" {
		where += ", PMID " + pmid
	}
	line, _ := r.dec.InputPos()
	return &store.ParseError{Format: Format, File: r.file, Record: where, Line: line, Err: err}
}

func (r *Reader) fatal(err error) error {
	r.failed = true
	line, _ := r.dec.InputPos()
	where := ""
	if r.ordinal > 0 {
		where = fmt.Sprintf("record %d", r.ordinal)
	}
	return &store.ParseError{Format: Format, File: r.file, Record: where, Line: line, Fatal: true, Err: err}
}

// budgetReader fails once more than left bytes are read; Next resets it at
// every record, so it bounds the size of one record.
type budgetReader struct {
	r    io.Reader
	left int
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, fmt.Errorf("record larger than %d MiB", MaxRecordBytes>>20)
	}
	if len(p) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= n
	return n, err
}
