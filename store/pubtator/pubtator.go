// Package pubtator reads PubTator text: title and abstract lines followed by
// tab-separated entity mentions and relations, as in BC5CDR, the NCBI
// Disease corpus and BioRED. Annotated diseases and chemicals become the
// paper's conditions and drugs, with their MeSH identifiers.
package pubtator

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/follicle/follicle/store"
)

// Format names this reader in errors.
const Format = "pubtator"

const maxLine = 64 << 20

// Reader streams PubTator documents.
type Reader struct {
	sc      *bufio.Scanner
	file    string
	line    int
	ordinal int
}

// NewReader reads PubTator text from r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &Reader{sc: sc, file: file}
}

// Next returns the next document. A malformed line makes its document a
// non-fatal *store.ParseError; reading goes on with the next document.
func (r *Reader) Next() (store.Record, error) {
	var rec store.Record
	var title, abstract string
	var bad error
	started := false
	for r.sc.Scan() {
		r.line++
		text := strings.TrimRight(r.sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			if started {
				break
			}
			continue
		}
		if !started {
			started, rec.Line = true, r.line
			r.ordinal++
		}
		if err := r.parseLine(text, &rec, &title, &abstract); err != nil && bad == nil {
			bad = r.errorf(rec.Paper.PMID, "line %d: %v", r.line, err)
		}
	}
	if err := r.sc.Err(); err != nil {
		return store.Record{}, &store.ParseError{Format: Format, File: r.file, Line: r.line + 1, Fatal: true, Err: err}
	}
	if !started {
		return store.Record{}, io.EOF
	}
	if bad != nil {
		return store.Record{}, bad
	}
	if rec.Paper.PMID == "" {
		return store.Record{}, r.errorf("", "document has no title line")
	}
	rec.Paper.Title = store.CleanText(title)
	if a := store.CleanText(abstract); a != "" {
		rec.Paper.Abstract = []store.Section{{Text: a}}
	}
	rec.Paper.Origin = store.OriginImported
	rec.Version = 1
	store.CleanRecord(&rec)
	return rec, nil
}

func (r *Reader) errorf(pmid, format string, args ...any) error {
	where := fmt.Sprintf("document %d", r.ordinal)
	if pmid != "" {
		where += ", PMID " + pmid
	}
	return &store.ParseError{Format: Format, File: r.file, Record: where, Err: fmt.Errorf(format, args...)}
}

// parseLine reads one title, abstract, mention or relation line.
func (r *Reader) parseLine(text string, rec *store.Record, title, abstract *string) error {
	if pmid, rest, ok := strings.Cut(text, "|"); ok && !strings.Contains(pmid, "\t") {
		kind, body, ok := strings.Cut(rest, "|")
		if !ok || (kind != "t" && kind != "a") {
			return fmt.Errorf("expected PMID|t|title or PMID|a|abstract")
		}
		if err := checkPMID(rec, pmid); err != nil {
			return err
		}
		if kind == "t" {
			*title = body
		} else {
			*abstract = body
		}
		return nil
	}
	cols := strings.Split(text, "\t")
	if len(cols) < 4 {
		return fmt.Errorf("expected a title, an abstract, a mention or a relation, found %s", store.QuoteID(text))
	}
	if err := checkPMID(rec, cols[0]); err != nil {
		return err
	}
	if _, err := strconv.Atoi(cols[1]); err != nil {
		return nil // a relation line: its pair is not needed to link the paper
	}
	return addMention(rec, cols)
}

func checkPMID(rec *store.Record, pmid string) error {
	if pmid == "" || strings.Trim(pmid, "0123456789") != "" {
		return fmt.Errorf("%s is not a PMID", store.QuoteID(pmid))
	}
	if rec.Paper.PMID == "" {
		rec.Paper.PMID = pmid
		return nil
	}
	if rec.Paper.PMID != pmid {
		return fmt.Errorf("PMID %s inside the document of PMID %s (missing blank line?)", pmid, rec.Paper.PMID)
	}
	return nil
}
