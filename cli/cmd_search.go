package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

const searchUsage = `Usage: follicle search [--json] [--explain] [--limit N] [--sort relevance|newest|oldest]
                       [--condition NAME] [--drug NAME] [--source bundled|imported]
                       [--saved NAME] QUERY

Searches the library with exactly the explorer's semantics (the same query
language and filters; see the README's query section): words must all match,
OR, AND, NOT and brackets combine clauses, field:value and PubMed tags like
[tiab] or 2019:2024[dp] narrow them. NAME is a lexicon name, synonym,
abbreviation, brand or ID; --condition and --drug may be repeated. tag:NAME and
note:WORD search your own tags and notes; --saved runs a search saved in the
explorer. With --json, prints one JSON object per paper per line. --explain
prints on stderr how the query was understood. A malformed query exits 2.
`

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// searchLine is one --json output line.
type searchLine struct {
	PMID       string   `json:"pmid"`
	Title      string   `json:"title"`
	Year       int      `json:"year"`
	Journal    string   `json:"journal"`
	Authors    []string `json:"authors"`
	DOI        string   `json:"doi,omitempty"`
	Types      []string `json:"types"`
	Score      float64  `json:"score"`
	Conditions []string `json:"conditions"`
	Drugs      []string `json:"drugs"`
}

func runSearch(args []string) error { return searchWith(localEnv(), args) }

func searchWith(e env, args []string) error {
	fs := newFlags("search")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	limit := fs.Int("limit", 20, "how many papers to print")
	sortName := fs.String("sort", "relevance", "relevance, newest or oldest")
	source := fs.String("source", "", "only bundled or only imported papers")
	saved := fs.String("saved", "", "run the saved search NAME")
	explain := fs.Bool("explain", false, "say on stderr how the query was understood")
	var conds, drugs multiFlag
	fs.Var(&conds, "condition", "only papers about this condition (repeatable)")
	fs.Var(&drugs, "drug", "only papers about this drug or intervention (repeatable)")
	pos, err := parseFlags(fs, searchUsage, args)
	if err != nil {
		return err
	}
	if *limit < 1 {
		return usageError{"search: --limit must be at least 1"}
	}
	sortBy, err := index.ParseSort(*sortName)
	if err != nil {
		return usageError{"search: " + err.Error()}
	}
	p, err := e.resolvePaths(fs)
	if err != nil {
		return err
	}
	lib, ix, release, err := e.open(p)
	if err != nil {
		return err
	}
	defer release()
	if *source != "" && *source != store.OriginBundled && *source != store.OriginImported {
		return usageError{fmt.Sprintf("search: --source %q: want bundled or imported", *source)}
	}
	req := index.Request{Text: strings.Join(pos, " "), Sort: sortBy, Limit: *limit, Source: *source}
	if err := filterByEntities(lib, &req, conds, drugs); err != nil {
		return err
	}
	marked := false
	if *saved != "" {
		if marked, err = applySaved(p, &req, *saved); err != nil {
			return err
		}
	}
	if err := personalRequest(p, &req, marked); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := ix.Search(ctx, req)
	if err != nil {
		return err
	}
	printUnderstood(e.stderr, res, *explain)
	if res.Suggestion != "" {
		fmt.Fprintln(e.stderr, "did you mean: "+safeLine(res.Suggestion))
	}
	if *asJSON {
		return printSearchJSON(e.stdout, res)
	}
	return printSearchTable(e.stdout, e.stderr, res)
}

// printUnderstood says on stderr what the explorer's line under the search
// box says: that no paper had every word, what could not be honoured, and
// (with --explain) how each clause was read.
func printUnderstood(w io.Writer, res index.Result, explain bool) {
	// The notes and details quote the query: cleaned of control characters.
	if p := res.Partial.String(); p != "" {
		fmt.Fprintln(w, p)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(w, "note: "+clip(store.CleanText(n), 300))
	}
	if explain {
		if len(res.Details) == 0 {
			fmt.Fprintln(w, "query: every clause searched as written")
		}
		for _, d := range res.Details {
			fmt.Fprintln(w, "query: "+clip(store.CleanText(d), 300))
		}
	}
}

// filterByEntities narrows req to the conditions and drugs named on the
// command line (--condition, --drug), by any of their names.
func filterByEntities(lib *store.Library, req *index.Request, conds, drugs []string) error {
	var err error
	if req.Conditions, err = resolveEntities(lib, store.KindCondition, conds); err != nil {
		return err
	}
	req.Drugs, err = resolveEntities(lib, store.KindDrug, drugs)
	return err
}

func resolveEntities(lib *store.Library, kind store.Kind, names []string) ([]string, error) {
	var ids []string
	for _, n := range names {
		e, err := lib.FindEntity(kind, n)
		if err != nil {
			return nil, usageError{"search: " + err.Error()}
		}
		ids = append(ids, e.ID)
	}
	return ids, nil
}

func printSearchJSON(stdout io.Writer, res index.Result) error {
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, h := range res.Hits {
		p := safePaper(h.Paper)
		line := searchLine{PMID: p.PMID, Title: p.Title, Year: p.Year, Journal: p.Journal, Authors: p.Authors,
			DOI: p.DOI, Types: p.PubTypes, Score: h.Score, Conditions: p.Conditions, Drugs: p.Drugs}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
	}
	return nil
}

func printSearchTable(stdout, stderr io.Writer, res index.Result) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PMID\tYEAR\tJOURNAL\tTITLE")
	for _, h := range res.Hits {
		p := safePaper(h.Paper)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.PMID, yearText(p.Year), clip(p.Journal, 24), clip(p.Title, 90))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	fmt.Fprintf(stderr, "%d of %s · %s\n", len(res.Hits), countOf(res.Total, "paper"), res.Took.Round(time.Microsecond))
	return nil
}

// clip shortens s to n runes with an ellipsis, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
