package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/eutils"
)

const annotateUsage = `Usage: follicle annotate [--batch N]

Asks PubTator3 (NCBI) for the condition and chemical annotations of every paper
in your library that has none yet, 100 PMIDs a request at most three requests a
second, and stores them as the papers' most trusted links: the recogniser never
re-tags an annotated paper. Ctrl+C or a failure stops after the last stored
batch; run the same command again to resume. Needs the network.
`

func runAnnotate(args []string) error {
	fs := newFlags("annotate")
	base := fs.String("base", eutils.PubTatorBase, "PubTator3 API base URL")
	batch := fs.Int("batch", eutils.MaxAnnotateBatch, "PMIDs per request (at most 100)")
	pos, err := parseFlags(fs, annotateUsage, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"annotate: takes no arguments (it annotates the papers of your library)"}
	}
	if *batch < 1 || *batch > eutils.MaxAnnotateBatch {
		return usageError{fmt.Sprintf("annotate: --batch must be 1 to %d", eutils.MaxAnnotateBatch)}
	}
	p, err := resolvePaths(fs)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p.libraryFile()); errors.Is(err, os.ErrNotExist) {
		return errors.New("annotate: no imported papers yet (follicle import FILE adds some)")
	}
	db, err := store.OpenDB(p.libraryFile(), false)
	if err != nil {
		return err
	}
	defer db.Close()
	opts := eutils.AnnotateOptions{StateFile: filepath.Join(p.data, "annotate-state.json"), Batch: *batch}
	if opts.Import.Lexicon, err = store.LoadLexiconLibrary(data.FS(), db); err != nil {
		return fmt.Errorf("load library: %w", err)
	}
	if opts.Import.Vocab, err = loadVocabulary(db); err != nil {
		return err
	}
	opts.Progress = func(done, total int) { fmt.Fprintf(os.Stderr, "annotated %d of %d papers\n", done, total) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sum, err := eutils.Annotate(ctx, eutils.NewClient(strings.TrimRight(*base, "/")+"/", ""), db, opts)
	fmt.Println(sum)
	if errors.Is(err, context.Canceled) {
		return errors.New("annotate interrupted; run the same command again to resume")
	}
	if err != nil {
		return err
	}
	return retagLibrary(db)
}
