package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/charmbracelet/x/term"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
)

// valueFlags are the flags that may come before the subcommand and take a
// value ("follicle --home DIR stats"), so that the value is not taken for
// the subcommand.
var valueFlags = []string{"home", "theme"}

// splitCommand finds the subcommand among args, wherever the global flags
// put it, and returns it with the other arguments (flags may come before or
// after positional arguments, so their order is kept).
func splitCommand(args []string) (cmd string, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return "", args
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			return a, append(slices.Clone(args[:i]), args[i+1:]...)
		}
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && slices.Contains(valueFlags, name) {
			i++ // its value
		}
	}
	return "", args
}

// wantsHelp reports whether args ask for help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
	}
	return false
}

// errHelpShown means a command printed its --help; it exits 0.
var errHelpShown = errors.New("help shown")

// newFlags makes a flag set that prints usage to stdout on --help and lets
// errors be reported once, by run.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.String("home", "", "directory for the index and user data (default: XDG dirs; env FOLLICLE_HOME)")
	return fs
}

// parseFlags parses flags that may come before or after positional
// arguments, and returns the positional ones.
func parseFlags(fs *flag.FlagSet, usage string, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage(fs, usage)
				return nil, errHelpShown
			}
			if fs.Name() == "follicle" { // run already says "follicle: "
				return nil, usageError{err.Error()}
			}
			return nil, usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func printUsage(fs *flag.FlagSet, usage string) {
	fmt.Print(usage)
	fmt.Println("\nFlags:")
	fs.SetOutput(os.Stdout)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// countOf is "1 paper", "2 papers": a count with its noun.
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// paths are where Follicle keeps its files.
type paths struct {
	index string // the derived Bleve index (cache)
	data  string // the user's library and personal state
	// personal, when set, is the state of the SSH user a command runs for
	// (see runFor) instead of the local user's state file.
	personal *store.Personal
}

// resolvePaths applies --home, then FOLLICLE_HOME, then the XDG defaults.
func resolvePaths(fs *flag.FlagSet) (paths, error) {
	home := fs.Lookup("home").Value.String()
	if home == "" {
		home = os.Getenv("FOLLICLE_HOME")
	}
	if home != "" {
		abs, err := filepath.Abs(home)
		if err != nil {
			return paths{}, fmt.Errorf("home %q: %w", home, err)
		}
		return paths{index: filepath.Join(abs, "index"), data: filepath.Join(abs, "data")}, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return paths{}, fmt.Errorf("find cache directory (set --home): %w", err)
	}
	dataDir := os.Getenv("XDG_DATA_HOME")
	if dataDir == "" {
		userHome, err := os.UserHomeDir()
		if err != nil {
			return paths{}, fmt.Errorf("find home directory (set --home): %w", err)
		}
		dataDir = filepath.Join(userHome, ".local", "share")
	}
	return paths{index: filepath.Join(cache, "follicle", "index"), data: filepath.Join(dataDir, "follicle")}, nil
}

// stateFile is the user's personal state (reading list, tags, notes, saved
// searches) inside the data directory.
func (p paths) stateFile() store.StateFile {
	return store.StateFile{Path: filepath.Join(p.data, "state.db")}
}

// loadPersonal reads the local user's state; a first run has none.
func loadPersonal(p paths) (store.Personal, error) {
	if p.personal != nil {
		return *p.personal, nil
	}
	if _, err := os.Stat(p.stateFile().Path); errors.Is(err, os.ErrNotExist) {
		return store.Personal{}, nil
	}
	return p.stateFile().Load("")
}

// libraryFile is the user's library inside the data directory.
func (p paths) libraryFile() string { return filepath.Join(p.data, "library.db") }

// meshTreeFile is the MeSH tree the last import --mesh read, kept for [mh].
func (p paths) meshTreeFile() string { return filepath.Join(p.data, "mesh-tree") }

// meshTreeLoader reads the kept MeSH tree when a search first needs it; a
// library without one has none (nil).
func meshTreeLoader(p paths) func() (index.MeSHTree, error) {
	return func() (index.MeSHTree, error) {
		f, err := os.Open(p.meshTreeFile())
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		defer f.Close()
		tree, err := importer.LoadMeSHTree(p.meshTreeFile(), f)
		if err != nil {
			return nil, err
		}
		out := make(index.MeSHTree, len(tree))
		for _, d := range tree {
			out[d.Name] = d.Trees
		}
		return out, nil
	}
}

// loadLibrary opens the library for its lexicon (the bundled one plus the
// entities the user's imports created) and returns the fingerprint the
// index must match. Its papers are read only if the index has to be built;
// otherwise the index's shelf serves them. The library file is read and
// closed at once, so an import can run beside the explorer.
func loadLibrary(p paths) (*store.Library, string, error) {
	fingerprint := data.Fingerprint()
	var entities []store.Entity
	hasDB := false
	if _, err := os.Stat(p.libraryFile()); err == nil {
		hasDB = true
		gen, ents, err := readLibraryHead(p.libraryFile())
		if err != nil {
			return nil, "", err
		}
		fingerprint += fmt.Sprintf("-g%d", gen)
		entities = ents
	} else if entities, err = store.LoadLexicon(data.FS()); err != nil {
		return nil, "", fmt.Errorf("load library: %w", err)
	}
	lib, err := store.NewDeferred(entities, func() (*store.Library, error) {
		return loadFullLibrary(p, hasDB)
	})
	if err != nil {
		return nil, "", fmt.Errorf("load library: %w", err)
	}
	return lib, fingerprint, nil
}

// readLibraryHead reads the library file's generation and lexicon.
func readLibraryHead(path string) (uint64, []store.Entity, error) {
	db, err := store.OpenDB(path, true)
	if err != nil {
		return 0, nil, err
	}
	defer db.Close()
	gen, err := db.Generation()
	if err != nil {
		return 0, nil, fmt.Errorf("read library %s: %w", path, err)
	}
	entities, err := store.LoadLexiconWithImports(data.FS(), db)
	if err != nil {
		return 0, nil, fmt.Errorf("load library: %w", err)
	}
	return gen, entities, nil
}

// loadFullLibrary reads and links every paper, for an index build.
func loadFullLibrary(p paths, hasDB bool) (*store.Library, error) {
	var db *store.DB
	if hasDB {
		var err error
		if db, err = store.OpenDB(p.libraryFile(), true); err != nil {
			return nil, err
		}
		defer db.Close()
	}
	lib, err := store.LoadWithImports(data.FS(), db)
	if err != nil {
		return nil, fmt.Errorf("load library: %w", err)
	}
	return lib, nil
}

// openLibraryAndIndex loads the library and opens (or builds) its index
// under p, returning the index's library (papers read from its shelf). A build takes as long as the library needs (about a minute for
// 200,000 imported papers), so no command's deadline applies to it; Ctrl+C
// or SIGTERM stops it cleanly, and the next start builds again.
func openLibraryAndIndex(p paths) (*store.Library, *index.Index, error) {
	lib, fingerprint, err := loadLibrary(p)
	if err != nil {
		return nil, nil, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ix, _, err := index.OpenOrBuild(ctx, lib, index.Options{Home: p.index, Fingerprint: fingerprint, Progress: buildProgress()})
	if errors.Is(err, context.Canceled) {
		return nil, nil, fmt.Errorf("index at %s: the build was interrupted; the next start builds it again", p.index)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("index at %s: %w", p.index, err)
	}
	ix.SetMeSHSource(meshTreeLoader(p))
	return ix.Library(), ix, nil
}

// personalRequest applies the user's state to a request the way the
// explorer does: tag: and note: clauses search it, and the reading list
// when marked.
func personalRequest(p paths, req *index.Request, marked bool) error {
	personal, err := loadPersonal(p)
	if err != nil {
		return err
	}
	req.Personal = &personal
	if !marked {
		return nil
	}
	var ids []string
	for pmid := range personal.Marked {
		ids = append(ids, pmid)
	}
	req.OnlyIDs, req.Restrict = ids, true
	return nil
}

// applySaved fills a request from a saved search and reports whether the
// search was of the reading list only.
func applySaved(p paths, req *index.Request, name string) (marked bool, err error) {
	personal, err := loadPersonal(p)
	if err != nil {
		return false, err
	}
	ss, ok := personal.SavedSearch(name)
	if !ok {
		return false, usageError{fmt.Sprintf("no saved search called %q (press S in the explorer to save one)", name)}
	}
	req.Text, req.Conditions, req.Drugs, req.Source = ss.Query, ss.Conditions, ss.Drugs, ss.Source
	req.Sort, _ = index.ParseSort(ss.Sort)
	return ss.MarkedOnly, nil
}

// buildProgress reports an index build on stderr when it is a terminal and
// the build is large enough to be noticed: after an import of many papers
// the first start would otherwise look frozen.
func buildProgress() index.Progress {
	if !term.IsTerminal(os.Stderr.Fd()) {
		return nil
	}
	shown := false
	return func(done, total int) {
		if total < 5000 && !shown {
			return
		}
		shown = true
		fmt.Fprintf(os.Stderr, "\r\033[Kbuilding the search index: %d of %d papers", done, total)
		if done == total {
			fmt.Fprint(os.Stderr, "\r\033[K")
		}
	}
}
