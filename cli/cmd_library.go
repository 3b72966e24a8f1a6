package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"text/tabwriter"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
)

const libraryUsage = `Usage: follicle library list [--json]
       follicle library remove PMID...

Lists the papers you imported, or removes some of them from your library. The
bundled corpus is not affected.
`

func runLibrary(args []string) error { return libraryWith(localEnv(), args) }

func libraryWith(e env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Print(libraryUsage)
		if len(args) == 0 {
			return usageError{"library: say list or remove"}
		}
		return errHelpShown
	}
	sub, rest := args[0], args[1:]
	fs := newFlags("library " + sub)
	asJSON := new(bool)
	if sub == "list" { // remove has no -json; its help must not offer one
		asJSON = fs.Bool("json", false, "one JSON object per paper")
	}
	pos, err := parseFlags(fs, libraryUsage, rest)
	if err != nil {
		return err
	}
	p, err := e.resolvePaths(fs)
	if err != nil {
		return err
	}
	switch sub {
	case "list":
		return libraryList(e, p, *asJSON)
	case "remove":
		return libraryRemove(p, pos)
	}
	return usageError{fmt.Sprintf("library: unknown subcommand %q (want list or remove)", sub)}
}

func libraryList(e env, p paths, asJSON bool) error {
	if _, err := os.Stat(p.libraryFile()); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintln(e.stderr, "no imported papers yet (follicle import FILE adds some)")
		return nil
	}
	db, err := store.OpenDB(p.libraryFile(), true)
	if err != nil {
		return err
	}
	defer db.Close()
	papers, err := db.Papers()
	if err != nil {
		return err
	}
	sort.Slice(papers, func(i, j int) bool { return pmidLess(papers[i].PMID, papers[j].PMID) })
	for i := range papers {
		papers[i] = *safePaper(&papers[i])
	}
	if asJSON {
		return writePapersJSON(e, db, papers)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PMID\tYEAR\tJOURNAL\tTITLE")
	for _, pp := range papers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", pp.PMID, yearText(pp.Year), clip(pp.Journal, 24), clip(pp.Title, 90))
	}
	fmt.Fprintf(tw, "\n%s in %s\n", countOf(len(papers), "imported paper"), safeLine(p.libraryFile()))
	return tw.Flush()
}

// yearText is a paper's year for a table, "-" when it has none (an import
// without a date), never "0".
func yearText(year int) string {
	if year <= 0 {
		return "-"
	}
	return strconv.Itoa(year)
}

func pmidLess(a, b string) bool {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA != nil || errB != nil {
		return a < b
	}
	return x < y
}

func libraryRemove(p paths, pmids []string) error {
	if len(pmids) == 0 {
		return usageError{"library remove: name the PMIDs to remove"}
	}
	if err := refuseBundled(pmids); err != nil {
		return err
	}
	db, err := store.OpenDB(p.libraryFile(), false)
	if err != nil {
		return err
	}
	defer db.Close()
	changes := make([]store.Change, 0, len(pmids))
	for _, id := range pmids {
		changes = append(changes, store.Change{Delete: id})
	}
	res, err := db.Apply(changes, nil)
	if err != nil {
		return err
	}
	fmt.Printf("removed %s\n", countOf(res.Deleted, "paper"))
	if res.NotFound > 0 {
		return fmt.Errorf("library remove: %d of the PMIDs were not in your library", res.NotFound)
	}
	return nil
}

// refuseBundled names the first PMID that belongs to the bundled corpus:
// those papers ship with Follicle and cannot be removed.
func refuseBundled(pmids []string) error {
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		return fmt.Errorf("load the bundled corpus: %w", err)
	}
	bundled := make(map[string]bool, lib.Len())
	for i := 0; i < lib.Len(); i++ {
		bundled[lib.PMID(i)] = true
	}
	for _, id := range pmids {
		if bundled[id] {
			return usageError{fmt.Sprintf("library remove: PMID %s is in the bundled corpus; bundled papers cannot be removed, only the ones you imported", id)}
		}
	}
	return nil
}

// entityRef names one entity a paper is linked to, so anyone can score
// the links and mentions of library list --json without the library.
type entityRef struct {
	ID   string     `json:"id"`
	Kind store.Kind `json:"kind"`
	Name string     `json:"name"`
}

// writePapersJSON writes one JSON object a paper: the paper (its links,
// indexed IDs and mention spans included) and the names of its entities.
func writePapersJSON(e env, db *store.DB, papers []store.Paper) error {
	lex, err := store.LoadLexiconLibrary(data.FS(), db)
	if err != nil {
		return fmt.Errorf("load library: %w", err)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for _, pp := range papers {
		out := struct {
			store.Paper
			Entities []entityRef `json:"entities,omitempty"`
		}{Paper: pp}
		for _, id := range append(append([]string(nil), pp.Conditions...), pp.Drugs...) {
			if e, ok := lex.Entity(id); ok {
				out.Entities = append(out.Entities, entityRef{ID: e.ID, Kind: e.Kind, Name: e.Name})
			}
		}
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	return nil
}
