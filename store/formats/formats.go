// Package formats recognises an input by its content, not its name, and
// opens the matching reader, un-gzipping transparently.
package formats

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"regexp"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/bioc"
	"github.com/follicle/follicle/store/jsonl"
	"github.com/follicle/follicle/store/medline"
	"github.com/follicle/follicle/store/pubmedcsv"
	"github.com/follicle/follicle/store/pubmedxml"
	"github.com/follicle/follicle/store/pubtator"
)

// Format is a supported input format.
type Format string

// The formats Follicle imports.
const (
	PubMedXML Format = pubmedxml.Format
	MEDLINE   Format = medline.Format
	PubTator  Format = pubtator.Format
	PubMedCSV Format = pubmedcsv.Format
	JSONL     Format = jsonl.Format
	BioC      Format = bioc.Format
)

// sniffSize is how much of the start of an input detection looks at.
const sniffSize = 8 << 10

var (
	reMedline  = regexp.MustCompile(`(?m)^PMID- ?\d`)
	rePubTator = regexp.MustCompile(`(?m)^\d+\|[ta]\|`)
	reCSV      = regexp.MustCompile(`(?i)^\x{feff}?"?pmid"?\s*,`)
)

// Detect names the format of an input from its first bytes (already
// un-gzipped).
func Detect(head []byte) (Format, error) {
	trimmed := bytes.TrimLeft(head, "\ufeff \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		if bytes.Contains(head, []byte("<PubmedArticleSet")) || bytes.Contains(head, []byte("<MedlineCitationSet")) ||
			bytes.Contains(head, []byte("<!DOCTYPE PubmedArticleSet")) || bytes.Contains(head, []byte("<PubmedArticle")) {
			return PubMedXML, nil
		}
		if bytes.Contains(head, []byte("<collection")) {
			return BioC, nil
		}
		return "", fmt.Errorf("XML, but not PubMed XML (no PubmedArticleSet or MedlineCitationSet) nor BioC")
	case bytes.HasPrefix(trimmed, []byte("{")):
		return JSONL, nil
	case reMedline.Match(trimmed):
		return MEDLINE, nil
	case rePubTator.Match(trimmed):
		return PubTator, nil
	case reCSV.Match(trimmed):
		return PubMedCSV, nil
	case len(trimmed) == 0:
		return "", fmt.Errorf("empty input")
	}
	return "", fmt.Errorf("not a recognised format (PubMed XML, MEDLINE/.nbib, PubTator, BioC XML, PubMed CSV or Follicle JSON Lines)")
}

// Open detects the format of r and returns a reader for it. name is used in
// errors. A gzip stream is decompressed first.
func Open(name string, r io.Reader) (store.RecordReader, Format, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(2)
	var in io.Reader = br
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, "", fmt.Errorf("%s: gzip: %w", name, err)
		}
		br = bufio.NewReaderSize(z, sniffSize)
		in = br
	}
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", fmt.Errorf("%s: read: %w", name, err)
	}
	f, err := Detect(head)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	return newReader(f, in, name), f, nil
}

func newReader(f Format, r io.Reader, name string) store.RecordReader {
	switch f {
	case PubMedXML:
		return pubmedxml.NewReader(r, name)
	case MEDLINE:
		return medline.NewReader(r, name)
	case PubTator:
		return pubtator.NewReader(r, name)
	case PubMedCSV:
		return pubmedcsv.NewReader(r, name)
	case BioC:
		return bioc.NewReader(r, name)
	default:
		return jsonl.NewReader(r, name)
	}
}
