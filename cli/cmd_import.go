package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
)

const importUsage = `Usage: follicle import [--mesh FILE] [--batch N] FILE... (or - for standard input)

Imports PubMed exports into your library, detecting each file's format from its
content: PubMed XML (efetch, Save, baseline and update files with deletions;
gzip or plain), MEDLINE/.nbib, PubTator, PubMed CSV and Follicle JSON Lines.
Papers are de-duplicated by PMID, then DOI; importing the same file again changes
nothing. --mesh takes an NLM MeSH tree file (gzip or plain) to classify MeSH
headings as conditions or drugs. Ctrl+C stops cleanly between batches.
`

func runImport(args []string) error {
	fs := newFlags("import")
	meshFile := fs.String("mesh", "", "MeSH tree file (Tree Number, Desc Ui, Term)")
	batch := fs.Int("batch", importer.DefaultBatch, "records per transaction")
	files, err := parseFlags(fs, importUsage, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"import: name at least one file (or - for standard input)"}
	}
	if *batch < 1 {
		return usageError{fmt.Sprintf("import: --batch %d: want at least 1 record per transaction", *batch)}
	}
	p, err := resolvePaths(fs)
	if err != nil {
		return err
	}
	opts := importer.Options{Batch: *batch}
	if *meshFile != "" {
		if opts.MeSH, err = loadMeSH(*meshFile); err != nil {
			return err
		}
		if err := keepMeSHTree(p, *meshFile); err != nil {
			return err
		}
	}
	db, err := store.OpenDB(p.libraryFile(), false)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.Lexicon, err = store.LoadLexiconLibrary(data.FS(), db); err != nil {
		return fmt.Errorf("load library: %w", err)
	}
	if opts.Vocab, err = loadVocabulary(db); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := importFiles(ctx, db, files, opts); err != nil {
		return err
	}
	return retagLibrary(db) // names learned from annotated files re-tag the others
}

func loadMeSH(name string) (importer.MeSHTree, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("mesh tree: %w", err)
	}
	defer f.Close()
	return importer.LoadMeSHTree(name, f)
}

// keepMeSHTree copies a MeSH tree file (it read cleanly) into the data
// directory, so searches can explode [mh] along it. It is written to a
// temporary file and renamed, so a search never reads half a tree.
func keepMeSHTree(p paths, name string) error {
	src, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("mesh tree: %w", err)
	}
	if err := os.MkdirAll(p.data, 0o700); err != nil {
		return fmt.Errorf("mesh tree: %w", err)
	}
	tmp := p.meshTreeFile() + ".tmp"
	if err := os.WriteFile(tmp, src, 0o600); err != nil {
		return fmt.Errorf("mesh tree: %w", err)
	}
	if err := os.Rename(tmp, p.meshTreeFile()); err != nil {
		return fmt.Errorf("mesh tree: %w", err)
	}
	return nil
}

// importFiles imports each file in turn and prints one summary. A file that
// cannot be read to its end, or any skipped record, makes the command fail
// after the others were imported.
func importFiles(ctx context.Context, db *store.DB, files []string, opts importer.Options) error {
	progress := newProgressPrinter(os.Stderr)
	opts.Progress = progress.update
	var total importer.Summary
	var failed []string
	var lastErr error
	for _, name := range files {
		sum, err := importOne(ctx, db, name, opts, progress)
		total.Add(sum)
		progress.done()
		if errors.Is(err, context.Canceled) {
			fmt.Println(total)
			return errors.New("import interrupted; every batch written so far is complete and kept")
		}
		if err != nil {
			if len(files) > 1 {
				fmt.Fprintln(os.Stderr, "follicle: "+safeLines(err.Error()))
			}
			failed, lastErr = append(failed, name), err
		}
	}
	// A single file that failed says so in one line; a summary of nothing
	// read would only repeat it.
	if len(files) == 1 && lastErr != nil {
		if total.Read > 0 {
			fmt.Println(total)
		}
		return lastErr
	}
	if len(failed) == len(files) && total.Read == 0 {
		return fmt.Errorf("import: none of the %d files could be read", len(files))
	}
	fmt.Println(total)
	for _, reason := range total.SkipReasons {
		fmt.Fprintln(os.Stderr, "skipped: "+safeLine(reason))
	}
	switch {
	case len(failed) > 0:
		return fmt.Errorf("import: %d of %d file(s) could not be read to the end", len(failed), len(files))
	case total.Skipped > 0:
		return fmt.Errorf("import: %d malformed record(s) skipped (see above); the rest were imported", total.Skipped)
	}
	return nil
}

func importOne(ctx context.Context, db *store.DB, name string, opts importer.Options, progress *progressPrinter) (importer.Summary, error) {
	var r io.Reader = os.Stdin
	label, size := "standard input", int64(0)
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return importer.Summary{}, fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		r, label = f, name
	}
	counter := &countingReader{r: r}
	progress.start(counter, size)
	return importer.File(ctx, db, label, counter, opts)
}

// countingReader counts the bytes read through it, for progress and ETA.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progressPrinter shows import progress: a Bubbles progress bar rewritten
// in place on a terminal, a plain line every few seconds otherwise; both
// with records/s and, when the input's size is known, an ETA.
type progressPrinter struct {
	w        io.Writer
	terminal bool
	bar      progress.Model
	last     time.Time
	shown    bool
	counter  *countingReader
	size     int64
	fd       uintptr
}

func newProgressPrinter(f *os.File) *progressPrinter {
	return &progressPrinter{w: f, fd: f.Fd(), terminal: term.IsTerminal(f.Fd()), bar: progress.New(progress.WithWidth(30))}
}

// start follows a new input of size bytes (0 when unknown).
func (p *progressPrinter) start(c *countingReader, size int64) {
	p.counter, p.size = c, size
}

func (p *progressPrinter) update(pr importer.Progress) {
	rate := float64(pr.Records) / max(pr.Elapsed.Seconds(), 1e-9)
	line := fmt.Sprintf("importing %s: %d records, %.0f records/s", safeLine(pr.File), pr.Records, rate)
	frac := -1.0
	if p.size > 0 && p.counter != nil && p.counter.n > 0 {
		frac = min(1, float64(p.counter.n)/float64(p.size))
		eta := time.Duration(float64(pr.Elapsed) * (1 - frac) / frac)
		line += fmt.Sprintf(", ETA %s", eta.Round(time.Second))
	}
	if p.terminal {
		bar := ""
		if frac >= 0 {
			bar = p.bar.ViewAs(frac) + " "
		}
		// One screen line only: a wrapped line cannot be rewritten with \r.
		if w, _, err := term.GetSize(p.fd); err == nil && w > 1 {
			line = ansi.Truncate(bar+line, w-1, "…")
			bar = ""
		}
		fmt.Fprintf(p.w, "\r\033[K%s%s", bar, line)
		p.shown = true
		return
	}
	if time.Since(p.last) >= 2*time.Second {
		fmt.Fprintln(p.w, line)
		p.last = time.Now()
	}
}

func (p *progressPrinter) done() {
	if p.terminal && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
