// Package cli is Follicle's command line: the subcommands, their flags,
// their output (cleaned for the terminal) and their exit codes, and the
// wiring of the library, the index, the explorer and the SSH server.
package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/follicle/follicle/index"
)

// exit codes: 0 success, 1 failure, 2 a usage mistake.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError is a mistake on the command line; it exits with code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run runs the command line args (without the program name): it dispatches
// a command and turns its error into one line on stderr and an exit code
// (0 success, 1 failure, 2 a usage mistake). No command panics its way out.
func Run(args []string) int {
	err := dispatch(args)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	fmt.Fprintln(os.Stderr, "follicle: "+safeLines(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(os.Stderr, "Run 'follicle --help' for usage.")
		return exitUsage
	}
	var qe *index.QueryError
	if errors.As(err, &qe) {
		return exitUsage // a mistake in the query, the user's to fix
	}
	return exitError
}

func dispatch(args []string) error {
	cmd, rest := splitCommand(args)
	switch cmd {
	case "":
		if wantsHelp(rest) {
			fmt.Print(mainUsage)
			return errHelpShown
		}
		return runTUI(rest)
	case "search":
		return runSearch(rest)
	case "stats":
		return runStats(rest)
	case "import":
		return runImport(rest)
	case "library":
		return runLibrary(rest)
	case "vocab":
		return runVocab(rest)
	case "annotate":
		return runAnnotate(rest)
	case "fetch":
		return runFetch(rest)
	case "export":
		return runExport(rest)
	case "serve":
		return runServe(rest)
	case "help":
		fmt.Print(mainUsage)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
}

const mainUsage = `Follicle: explore the literature on hair-loss disorders and their treatments, offline.

Usage:
  follicle [--home DIR]                 open the explorer (conditions, drugs, papers, reader)
  follicle search [flags] QUERY         search from the command line, same semantics as the explorer
  follicle stats [--json]               what the library holds and where the index lives
  follicle import [--mesh FILE] FILE... import PubMed XML, MEDLINE/.nbib, PubTator, CSV or JSON Lines
  follicle library list|remove          list or remove imported papers
  follicle vocab import|list|remove     vocabularies of condition and drug names (MeSH, DOID, DrugBank, TSV)
  follicle fetch [--max N] QUERY        search PubMed online and import the results
  follicle annotate                     fetch PubTator3's condition and drug annotations for your papers
  follicle export --format FMT [QUERY]  BibTeX, RIS, MEDLINE, CSV or Vancouver citations
  follicle serve [--authorized-keys F]  the explorer over SSH for a study group
  follicle help                         this text

Every command takes --help. --home DIR (or FOLLICLE_HOME) sets where the index and
user data live; by default they follow the XDG cache and data directories. Flags may
come before or after the command. The explorer also takes --theme light|dark|auto
(or FOLLICLE_THEME) and --debug (each search's time in the status line).

Query syntax (PubMed's): words must all match (AND by default), OR, NOT and
(brackets), "phrases", -word, field:value, word~1, prefix*, year:>=2020, PubMed tags
([tiab] [ti] [ab] [au] [ta] [mh] [pt] [dp] [la] [pmid] ...), pasted DOIs, PMIDs and
links. Fields: title abstract author journal mesh keyword type condition drug year
pmid tag note. See the README's query section.
`
