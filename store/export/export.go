// Package export writes papers as bibliographies and exchange files:
// BibTeX, RIS, MEDLINE (which Follicle's own importer reads back
// unchanged), PubMed-style CSV, Vancouver/NLM citation text and a Markdown
// study sheet.
//
// A bundled paper's digest is Follicle's own summary, not the authors'
// abstract, so it never goes into an abstract field (RIS and MEDLINE AB,
// BibTeX abstract): it travels in a note field under SummaryLabel, where a
// citation manager shows it as a note and no reference list prints it. The
// user's tags and note travel with each paper (Item).
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
	Markdown  Format = "markdown"
)

// Formats lists every format, for help texts and pickers.
func Formats() []Format { return []Format{BibTeX, RIS, MEDLINE, CSV, Vancouver, Markdown} }

// SummaryLabel introduces a bundled paper's digest wherever it is exported.
const SummaryLabel = "Summary written for Follicle, not the authors' abstract"

// Item is one paper to export with the user's own tags and note.
type Item struct {
	Paper *store.Paper
	Tags  []string
	Note  string
}

// Annotate pairs papers with the user's tags and notes (by PMID).
func Annotate(papers []*store.Paper, tags map[string][]string, notes map[string]string) []Item {
	out := make([]Item, len(papers))
	for i, p := range papers {
		out[i] = Item{Paper: p, Tags: tags[p.PMID], Note: notes[p.PMID]}
	}
	return out
}

// Items wraps papers that carry no tags or notes.
func Items(papers []*store.Paper) []Item {
	out := make([]Item, len(papers))
	for i, p := range papers {
		out[i] = Item{Paper: p}
	}
	return out
}

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
	case "markdown", "md", "sheet":
		return Markdown, nil
	}
	return "", fmt.Errorf("unknown export format %q (want bibtex, ris, medline, csv, vancouver or markdown)", name)
}

// Label names a format for a menu.
func (f Format) Label() string {
	if f == Markdown {
		return "study sheet (Markdown)"
	}
	return string(f)
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
	case Markdown:
		return ".md"
	default:
		return ".txt"
	}
}

// Write writes papers to w in format f.
func Write(w io.Writer, f Format, papers []*store.Paper) error {
	return WriteItems(w, f, Items(papers))
}

// WriteItems writes papers with the user's tags and notes to w in format f.
func WriteItems(w io.Writer, f Format, items []Item) error {
	var err error
	switch f {
	case BibTeX:
		err = writeBibTeX(w, items)
	case RIS:
		err = writeRIS(w, items)
	case MEDLINE:
		err = writeMEDLINE(w, items)
	case CSV:
		err = writeCSV(w, items)
	case Vancouver:
		err = writeVancouver(w, items)
	case Markdown:
		err = writeMarkdown(w, items)
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

// authorsAbstract is the authors' own abstract, its labelled sections
// joined the way PubMed writes them in AB; "" when the paper has none (a
// bundled paper's digest is not an abstract).
func authorsAbstract(p *store.Paper) string {
	var parts []string
	for _, s := range p.Abstract {
		if s.Label != "" {
			parts = append(parts, s.Label+": "+s.Text)
		} else {
			parts = append(parts, s.Text)
		}
	}
	return strings.Join(parts, " ")
}

// summaryNote is the digest under its label, or "" when there is none.
func summaryNote(p *store.Paper) string {
	if strings.TrimSpace(p.Digest) == "" {
		return ""
	}
	return SummaryLabel + ": " + oneLine(p.Digest)
}

// PubMedURL, PMCURL and DOIURL are a paper's canonical links ("" when it
// has no such identifier).
func PubMedURL(p *store.Paper) string {
	if p.PMID == "" {
		return ""
	}
	return "https://pubmed.ncbi.nlm.nih.gov/" + p.PMID + "/"
}

// PMCURL is the paper's PubMed Central page.
func PMCURL(p *store.Paper) string {
	if !validPMCID(p.PMCID) {
		return "" // not a PMCID: no link to build from it
	}
	return "https://pmc.ncbi.nlm.nih.gov/articles/" + p.PMCID + "/"
}

// DOIURL is the paper's doi.org address.
func DOIURL(p *store.Paper) string {
	if p.DOI == "" {
		return ""
	}
	return "https://doi.org/" + p.DOI
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
func ToDir(dir string, f Format, items []Item) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	path := filepath.Join(dir, "follicle-"+time.Now().Format("20060102-150405")+f.Extension())
	return path, WriteFile(path, f, items)
}

// WriteFile writes papers to path through a temporary file renamed into
// place, so a failed export never leaves half a bibliography.
func WriteFile(path string, f Format, items []Item) error {
	tmp := path + ".part"
	file, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w := bufio.NewWriter(file)
	err = WriteItems(w, f, items)
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

// validPMCID says whether s is a PubMed Central ID ("PMC" and digits), the
// only shape a link may be built from.
func validPMCID(s string) bool {
	digits, ok := strings.CutPrefix(s, "PMC")
	if !ok || digits == "" || len(digits) > 12 {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
