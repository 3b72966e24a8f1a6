// Package bioc reads BioC XML collections as PubTator's BioC export writes
// them (BioRED ships in it): documents of passages (title, abstract) with
// annotated mentions.
package bioc

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/pubtator"
)

// Format names this reader in errors.
const Format = "bioc"

// maxDocument bounds one document's bytes.
const maxDocument = 64 << 20

type infon struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type annotation struct {
	Infons   []infon `xml:"infon"`
	Location []struct {
		Offset int `xml:"offset,attr"`
		Length int `xml:"length,attr"`
	} `xml:"location"`
	Text string `xml:"text"`
}

type passage struct {
	Infons      []infon      `xml:"infon"`
	Offset      int          `xml:"offset"`
	Text        string       `xml:"text"`
	Annotations []annotation `xml:"annotation"`
}

type document struct {
	ID       string    `xml:"id"`
	Passages []passage `xml:"passage"`
}

func infonValue(in []infon, key string) string {
	for _, i := range in {
		if i.Key == key {
			return i.Value
		}
	}
	return ""
}

// Reader streams BioC documents.
type Reader struct {
	dec     *xml.Decoder
	file    string
	ordinal int
	failed  bool
}

// NewReader reads BioC XML from r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	dec := xml.NewDecoder(io.LimitReader(r, 1<<40))
	dec.Strict = true
	return &Reader{dec: dec, file: file}
}

// Next returns the next document.
func (r *Reader) Next() (store.Record, error) {
	for !r.failed {
		tok, err := r.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return store.Record{}, r.fail(err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "document" {
			continue
		}
		r.ordinal++
		var d document
		if err := r.dec.DecodeElement(&d, &start); err != nil {
			return store.Record{}, r.fail(err)
		}
		return r.record(d)
	}
	return store.Record{}, io.EOF
}

func (r *Reader) fail(err error) error {
	r.failed = true
	line, _ := r.dec.InputPos()
	return &store.ParseError{Format: Format, File: r.file, Record: fmt.Sprintf("document %d", r.ordinal), Line: line, Fatal: true, Err: err}
}

func (r *Reader) record(d document) (store.Record, error) {
	if d.ID == "" {
		line, _ := r.dec.InputPos()
		return store.Record{}, &store.ParseError{Format: Format, File: r.file, Record: fmt.Sprintf("document %d", r.ordinal), Line: line, Err: errors.New("document has no id")}
	}
	if id := strings.TrimSpace(d.ID); !store.ValidPMID(id) {
		line, _ := r.dec.InputPos()
		return store.Record{}, &store.ParseError{Format: Format, File: r.file, Record: fmt.Sprintf("document %d", r.ordinal), Line: line,
			Err: fmt.Errorf("document id %s is not a PubMed ID (digits only)", store.QuoteID(d.ID))}
	}
	rec := store.Record{Version: 1}
	rec.Paper = store.Paper{PMID: strings.TrimSpace(d.ID), Origin: store.OriginImported}
	for _, p := range d.Passages {
		switch infonValue(p.Infons, "type") {
		case "title", "front":
			rec.Paper.Title = store.CleanText(p.Text)
		case "abstract", "paragraph":
			if t := store.CleanText(p.Text); t != "" {
				rec.Paper.Abstract = append(rec.Paper.Abstract, store.Section{Text: t})
			}
		}
		for _, a := range p.Annotations {
			typ := infonValue(a.Infons, "type")
			ann := store.Annotation{Kind: pubtator.KindOf(typ), Type: typ, Text: store.CleanText(a.Text),
				IDs: pubtator.SplitIDs(infonValue(a.Infons, "identifier"))}
			if len(a.Location) > 0 {
				ann.Start, ann.End = a.Location[0].Offset, a.Location[0].Offset+a.Location[0].Length
			}
			rec.Annotations = append(rec.Annotations, ann)
		}
	}
	store.CleanRecord(&rec)
	return rec, nil
}
