package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
	"github.com/follicle/follicle/store/vocab"
)

const vocabUsage = `Usage: follicle vocab import FILE...
       follicle vocab list
       follicle vocab remove NAME...

Vocabularies teach Follicle the names of conditions and drugs, so papers you
import on any topic are linked to them. import reads the MeSH tree file
(MeshTree, C = diseases, D = chemicals and drugs), the Human Disease Ontology
(doid.obo), DrugBank's open vocabulary CSV, or a TSV you write
(id<TAB>kind<TAB>name<TAB>synonym|synonym…, kind condition or drug); gzip or
plain, the format is detected from the content. Concepts from different
vocabularies are merged by cross-reference. Imported papers without
annotations are re-tagged once after every change; a start never re-tags.
`

func runVocab(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Print(vocabUsage)
		if len(args) == 0 {
			return usageError{"vocab: say import, list or remove"}
		}
		return errHelpShown
	}
	sub, rest := args[0], args[1:]
	fs := newFlags("vocab " + sub)
	pos, err := parseFlags(fs, vocabUsage, rest)
	if err != nil {
		return err
	}
	p, err := resolvePaths(fs)
	if err != nil {
		return err
	}
	switch sub {
	case "import":
		if len(pos) == 0 {
			return usageError{"vocab import: name at least one vocabulary file"}
		}
		return vocabImport(p, pos)
	case "list":
		return vocabList(p)
	case "remove":
		if len(pos) == 0 {
			return usageError{"vocab remove: name at least one vocabulary (see follicle vocab list)"}
		}
		return vocabRemove(p, pos)
	}
	return usageError{fmt.Sprintf("vocab: unknown subcommand %q (want import, list or remove)", sub)}
}

func vocabImport(p paths, files []string) error {
	db, err := store.OpenDB(p.libraryFile(), false)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, name := range files {
		v, err := readVocabulary(name)
		if err != nil {
			return err
		}
		sv, err := vocab.Encode(v)
		if err != nil {
			return err
		}
		changed, err := db.PutVocabulary(sv)
		if err != nil {
			return err
		}
		state := "imported"
		if !changed {
			state = "unchanged"
		}
		fmt.Printf("%s: %s, %d concepts, %d names (%s)\n", v.Name, state, sv.Concepts, sv.Names, v.Format)
	}
	return retagLibrary(db)
}

func readVocabulary(name string) (vocab.Vocabulary, error) {
	f, err := os.Open(name)
	if err != nil {
		return vocab.Vocabulary{}, fmt.Errorf("vocab import: %w", err)
	}
	defer f.Close()
	return vocab.Read(name, f)
}

func vocabList(p paths) error {
	if _, err := os.Stat(p.libraryFile()); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintln(os.Stderr, "no vocabularies yet (follicle vocab import FILE adds one)")
		return nil
	}
	db, err := store.OpenDB(p.libraryFile(), true)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Vocabularies(false)
	if err != nil {
		return err
	}
	learned, err := db.Learned()
	if err != nil {
		return err
	}
	version, err := db.VocabVersion()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tFORMAT\tCONCEPTS\tNAMES\tIMPORTED")
	for _, v := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", clip(v.Name, 40), v.Format, v.Concepts, v.Names, v.ImportedAt.Format("2006-01-02 15:04"))
	}
	fmt.Fprintf(tw, "\n%d vocabularies, %d names learned from annotated imports, version %d\n", len(list), len(learned), version)
	return tw.Flush()
}

func vocabRemove(p paths, names []string) error {
	db, err := store.OpenDB(p.libraryFile(), false)
	if err != nil {
		return err
	}
	defer db.Close()
	missing := 0
	for _, name := range names {
		found, err := db.RemoveVocabulary(name)
		if err != nil {
			return err
		}
		if !found {
			fmt.Fprintf(os.Stderr, "follicle: vocab remove: no vocabulary called %q\n", name)
			missing++
			continue
		}
		fmt.Printf("%s: removed\n", name)
	}
	if err := retagLibrary(db); err != nil {
		return err
	}
	if missing > 0 {
		return fmt.Errorf("vocab remove: %d of %d name(s) not found (see follicle vocab list)", missing, len(names))
	}
	return nil
}

// loadVocabulary builds the library's vocabulary lexicon, or returns nil
// when the library has no vocabularies and learned names.
func loadVocabulary(db *store.DB) (*vocab.Lexicon, error) {
	lex, err := vocab.Load(db, vocab.DefaultLearnRules)
	if err != nil {
		return nil, fmt.Errorf("load vocabularies: %w", err)
	}
	return lex, nil
}

// retagLibrary re-tags the library's papers if the vocabulary version
// moved since they were tagged.
func retagLibrary(db *store.DB) error {
	lex, err := loadVocabulary(db)
	if err != nil {
		return err
	}
	lib, err := store.LoadLexiconLibrary(data.FS(), db)
	if err != nil {
		return fmt.Errorf("load library: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	n, err := importer.Retag(ctx, db, lib, lex)
	if errors.Is(err, context.Canceled) {
		return errors.New("re-tagging interrupted; the next import or vocab command finishes it")
	}
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Printf("re-tagged: %d papers' links changed\n", n)
	}
	return nil
}
