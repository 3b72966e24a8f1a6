package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"text/tabwriter"

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
	asJSON := fs.Bool("json", false, "one JSON object per paper (list)")
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
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, pp := range papers {
			if err := enc.Encode(pp); err != nil {
				return fmt.Errorf("write: %w", err)
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PMID\tYEAR\tJOURNAL\tTITLE")
	for _, pp := range papers {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", pp.PMID, pp.Year, clip(pp.Journal, 24), clip(pp.Title, 90))
	}
	fmt.Fprintf(tw, "\n%d imported papers in %s\n", len(papers), p.libraryFile())
	return tw.Flush()
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
	fmt.Printf("removed %d paper(s)\n", res.Deleted)
	if res.NotFound > 0 {
		return fmt.Errorf("library remove: %d of the PMIDs were not in your library", res.NotFound)
	}
	return nil
}
