// Package medline reads MEDLINE tagged text: PubMed's "Citation manager"
// (.nbib) export and efetch -format medline.
package medline

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// Format names this reader in errors.
const Format = "medline"

// maxLine bounds one line; a larger one is a broken file, not a record.
const maxLine = 64 << 20

// field is one tag with its value, continuation lines joined.
type field struct {
	tag   string
	value string
	line  int
}

// Reader streams MEDLINE records.
type Reader struct {
	sc      *bufio.Scanner
	file    string
	line    int
	ordinal int
	pending *field // the first field of the next record, already read
	done    bool
}

// NewReader reads MEDLINE text from r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &Reader{sc: sc, file: file}
}

// Next returns the next record. A line that is neither a tag, a
// continuation nor blank yields a non-fatal *store.ParseError; the record
// it was in is skipped.
func (r *Reader) Next() (store.Record, error) {
	for {
		fields, start, badLine, err := r.readFields()
		if err != nil {
			return store.Record{}, err
		}
		if fields == nil {
			return store.Record{}, io.EOF
		}
		r.ordinal++
		if badLine > 0 {
			return store.Record{}, r.errorf(start, fields, false, "line %d has no tag and is not a continuation", badLine)
		}
		rec, err := buildRecord(fields)
		if err != nil {
			return store.Record{}, r.errorf(start, fields, false, "%v", err)
		}
		rec.Line = start
		return rec, nil
	}
}

func (r *Reader) errorf(line int, fields []field, fatal bool, format string, args ...any) error {
	rec := fmt.Sprintf("record %d", r.ordinal)
	for _, f := range fields {
		if f.tag == "PMID" {
			if v := strings.TrimSpace(f.value); store.ValidPMID(v) {
				rec += ", PMID " + v
			}
			break
		}
	}
	return &store.ParseError{Format: Format, File: r.file, Record: rec, Line: line, Fatal: fatal, Err: fmt.Errorf(format, args...)}
}

// readFields gathers the fields of one record: lines up to a blank line.
// It returns nil fields at the end of input.
func (r *Reader) readFields() ([]field, int, int, error) {
	var fields []field
	start, bad := 0, 0
	for r.sc.Scan() {
		r.line++
		text := strings.TrimRight(r.sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			if len(fields) > 0 || bad > 0 {
				return fields, start, bad, nil
			}
			continue
		}
		if start == 0 {
			start = r.line
		}
		switch {
		case isTagLine(text):
			fields = append(fields, field{tag: strings.TrimSpace(text[:4]), value: tagValue(text), line: r.line})
		case strings.HasPrefix(text, "      ") && len(fields) > 0:
			last := &fields[len(fields)-1]
			last.value += " " + strings.TrimSpace(text)
		default:
			if bad == 0 {
				bad = r.line
			}
		}
	}
	if err := r.sc.Err(); err != nil {
		return nil, 0, 0, &store.ParseError{Format: Format, File: r.file, Line: r.line + 1, Fatal: true, Err: err}
	}
	if len(fields) == 0 && bad == 0 {
		return nil, 0, 0, nil
	}
	return fields, start, bad, nil
}

// isTagLine reports whether a line starts a field: up to four tag
// characters padded to four, then "-" and a space or the end of the line
// (an empty value).
func isTagLine(s string) bool {
	if len(s) < 5 || s[4] != '-' || len(s) > 5 && s[5] != ' ' {
		return false
	}
	return isTag(s[:4])
}

// tagValue is what follows "TAG - " on a tag line.
func tagValue(s string) string {
	if len(s) <= 6 {
		return ""
	}
	return strings.TrimSpace(s[6:])
}

func isTag(t string) bool {
	t = strings.TrimRight(t, " ")
	if t == "" {
		return false
	}
	for _, c := range t {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

var errNoPMID = errors.New("record has no PMID")
