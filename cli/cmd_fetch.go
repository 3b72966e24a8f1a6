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

const fetchUsage = `Usage: follicle fetch [--api-key KEY] [--max N] [--base URL] QUERY

Searches PubMed through NCBI E-utilities and imports the results into your library:
esearch with the history server, then efetch in batches of up to 200, at most 3
requests a second without an API key and 10 with one, retrying when the server is
busy. An interrupted fetch resumes when the same command is run again. This is the
only command that needs a network.
`

func runFetch(args []string) error {
	fs := newFlags("fetch")
	apiKey := fs.String("api-key", os.Getenv("NCBI_API_KEY"), "NCBI API key (env NCBI_API_KEY)")
	maxN := fs.Int("max", 10000, "fetch at most this many records")
	base := fs.String("base", eutils.DefaultBase, "E-utilities base URL")
	pos, err := parseFlags(fs, fetchUsage, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return usageError{"fetch: give a PubMed query"}
	}
	if *maxN < 1 {
		return usageError{"fetch: --max must be at least 1"}
	}
	p, err := resolvePaths(fs)
	if err != nil {
		return err
	}
	db, err := store.OpenDB(p.libraryFile(), false)
	if err != nil {
		return err
	}
	defer db.Close()
	lex, err := store.LoadLexiconLibrary(data.FS(), db)
	if err != nil {
		return fmt.Errorf("load library: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	client := eutils.NewClient(strings.TrimRight(*base, "/")+"/", *apiKey)
	opts := eutils.FetchOptions{Query: query, Max: *maxN, StateFile: filepath.Join(p.data, "fetch-state.json")}
	opts.Import.Lexicon = lex
	if opts.Import.Vocab, err = loadVocabulary(db); err != nil {
		return err
	}
	opts.Progress = func(done, total int) { fmt.Fprintf(os.Stderr, "fetched %d of %d records\n", done, total) }
	sum, err := eutils.Fetch(ctx, client, db, opts)
	fmt.Println(sum)
	if errors.Is(err, context.Canceled) {
		return errors.New("fetch interrupted; run the same command again to resume")
	}
	return err
}
