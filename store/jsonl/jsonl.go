// Package jsonl reads Follicle's own record format: JSON Lines of
// store.Paper, the same shape as the bundled data/papers.jsonl.
package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/follicle/follicle/store"
)

// Format names this reader in errors.
const Format = "jsonl"

const maxLine = 64 << 20

// Reader streams papers from JSON Lines.
type Reader struct {
	sc   *bufio.Scanner
	file string
	line int
}

// NewReader reads JSON Lines from r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &Reader{sc: sc, file: file}
}

// Next returns the next paper; a bad line is a non-fatal error.
func (r *Reader) Next() (store.Record, error) {
	for r.sc.Scan() {
		r.line++
		raw := bytes.TrimSpace(r.sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var p store.Paper
		if err := json.Unmarshal(raw, &p); err != nil {
			return store.Record{}, r.errorf(fmt.Errorf("not a paper object: %w", err))
		}
		if !store.ValidPMID(p.PMID) {
			return store.Record{}, r.errorf(fmt.Errorf("pmid %s is not a PubMed ID", store.QuoteID(p.PMID)))
		}
		rec := store.Record{Paper: p, Version: 1, Line: r.line}
		store.CleanRecord(&rec)
		if rec.Paper.Title == "" {
			return store.Record{}, r.errorf(errors.New("paper has no title"))
		}
		rec.Paper.Origin = store.OriginImported
		return rec, nil
	}
	if err := r.sc.Err(); err != nil {
		return store.Record{}, &store.ParseError{Format: Format, File: r.file, Line: r.line + 1, Fatal: true, Err: err}
	}
	return store.Record{}, io.EOF
}

func (r *Reader) errorf(err error) error {
	return &store.ParseError{Format: Format, File: r.file, Line: r.line, Err: err}
}
