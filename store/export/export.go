// Package export writes papers as bibliographies and exchange files:
// BibTeX, RIS, MEDLINE (which Follicle's own importer reads back
// unchanged), PubMed-style CSV and Vancouver/NLM citation text.
package export

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/follicle/follicle/store"
)

// Format is an export format.
type Format string

// The export formats.
const (
	BibTeX    Format = "bibtex"
	RIS       Format = "ris"
	MEDLINE   Format = "medline"
	CSV       Format = "csv"
	Vancouver Format = "vancouver"
)

// Formats lists every format, for help texts and pickers.
func Formats() []Format { return []Format{BibTeX, RIS, MEDLINE, CSV, Vancouver} }

// ParseFormat reads a format name (also "bib", "nbib", "txt").
func ParseFormat(name string) (Format, error) {
	switch strings.ToLower(name) {
	case "bibtex", "bib":
		return BibTeX, nil
	case "ris":
		return RIS, nil
	case "medline", "nbib":
		return MEDLINE, nil
	case "csv":
		return CSV, nil
	case "vancouver", "nlm", "txt", "text":
		return Vancouver, nil
	}
	return "", fmt.Errorf("unknown export format %q (want bibtex, ris, medline, csv or vancouver)", name)
}

// Extension is the usual file name extension of a format.
func (f Format) Extension() string {
	switch f {
	case BibTeX:
		return ".bib"
	case RIS:
		return ".ris"
	case MEDLINE:
		return ".nbib"
	case CSV:
		return ".csv"
	default:
		return ".txt"
	}
}

// Write writes papers to w in format f.
func Write(w io.Writer, f Format, papers []*store.Paper) error {
	var err error
	switch f {
	case BibTeX:
		err = writeBibTeX(w, papers)
	case RIS:
		err = writeRIS(w, papers)
	case MEDLINE:
		err = writeMEDLINE(w, papers)
	case CSV:
		err = writeCSV(w, papers)
	case Vancouver:
		err = writeVancouver(w, papers)
	default:
		return fmt.Errorf("unknown export format %q", f)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", f, err)
	}
	return nil
}

// errWriter remembers the first write error, so writers can print freely
// and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// splitAuthor splits PubMed's "King BA" into last name and initials; a
// collective name has no initials.
func splitAuthor(a string) (last, initials string) {
	i := strings.LastIndex(a, " ")
	if i < 0 {
		return a, ""
	}
	in := a[i+1:]
	if in == strings.ToUpper(in) && len([]rune(in)) <= 4 {
		return a[:i], in
	}
	return a, ""
}

// startEnd splits "565-573" or "565-73" into full first and last pages.
func startEnd(pages string) (string, string) {
	first, last, ok := strings.Cut(pages, "-")
	if !ok {
		return pages, ""
	}
	if len(last) < len(first) {
		last = first[:len(first)-len(last)] + last
	}
	return first, last
}

// ToDir writes papers to a new, timestamped file in dir and returns its
// path. The file appears only when complete.
func ToDir(dir string, f Format, papers []*store.Paper) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	path := filepath.Join(dir, "follicle-"+time.Now().Format("20060102-150405")+f.Extension())
	return path, WriteFile(path, f, papers)
}

// WriteFile writes papers to path through a temporary file renamed into
// place, so a failed export never leaves half a bibliography.
func WriteFile(path string, f Format, papers []*store.Paper) error {
	tmp := path + ".part"
	file, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w := bufio.NewWriter(file)
	err = Write(w, f, papers)
	if err == nil {
		err = w.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export to %s: %w", path, err)
	}
	return nil
}
