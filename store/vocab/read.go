package vocab

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// The formats Read recognises.
const (
	FormatMeSHTree = "mesh-tree"
	FormatOBO      = "disease-ontology"
	FormatDrugBank = "drugbank"
	FormatTSV      = "tsv"
)

// Vocabulary is one imported vocabulary file.
type Vocabulary struct {
	Name     string    `json:"name"` // the file's base name, its key in the library
	Format   string    `json:"format"`
	Concepts []Concept `json:"concepts"`
}

// Read detects the vocabulary's format from its content (gzip transparent)
// and reads it.
func Read(name string, r io.Reader) (Vocabulary, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return Vocabulary{}, fmt.Errorf("vocabulary %s: gzip: %w", name, err)
		}
		defer z.Close()
		br = bufio.NewReaderSize(z, 64*1024)
	}
	head, _ := br.Peek(4096)
	format := sniff(head)
	if format == "" {
		return Vocabulary{}, fmt.Errorf("vocabulary %s: not a MeSH tree file, a Disease Ontology OBO, a DrugBank vocabulary CSV or an id/kind/name TSV", name)
	}
	v := Vocabulary{Name: filepath.Base(name), Format: format}
	var err error
	switch format {
	case FormatMeSHTree:
		v.Concepts, err = ReadMeSHTree(name, br)
	case FormatOBO:
		v.Concepts, err = ReadOBO(name, br)
	case FormatDrugBank:
		v.Concepts, err = ReadDrugBank(name, br)
	default:
		v.Concepts, err = ReadTSV(name, br)
	}
	return v, err
}

func sniff(head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	first, _, _ := bytes.Cut(head, []byte("\n"))
	line := strings.ToLower(strings.TrimSpace(string(first)))
	switch {
	case strings.HasPrefix(line, "tree number\t"):
		return FormatMeSHTree
	case strings.HasPrefix(line, "format-version:"), bytes.HasPrefix(head, []byte("[Term]")):
		return FormatOBO
	case strings.HasPrefix(line, "drugbank id,"):
		return FormatDrugBank
	}
	for _, l := range strings.Split(string(head), "\n") {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) == 3 && IsMeSHUI(cols[1]) {
			return FormatMeSHTree // a tree file without its header
		}
		if len(cols) >= 3 {
			if _, ok := tsvKinds[strings.ToLower(strings.TrimSpace(cols[1]))]; ok {
				return FormatTSV
			}
		}
		return ""
	}
	return ""
}
