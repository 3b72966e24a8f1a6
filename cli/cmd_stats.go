package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

const statsUsage = `Usage: follicle stats [--json]

Counts what the whole library holds (papers, conditions, drugs, publication
types, years) and says where the index lives.
`

// stats is what "follicle stats" reports.
type stats struct {
	Papers     int            `json:"papers"`
	Conditions int            `json:"conditions"`
	Drugs      int            `json:"drugs"`
	Index      string         `json:"index"`
	Types      map[string]int `json:"types"`
	Sources    map[string]int `json:"sources"`
	YearMin    int            `json:"year_min"`
	YearMax    int            `json:"year_max"`
}

func runStats(args []string) error { return statsWith(localEnv(), args) }

func statsWith(e env, args []string) error {
	fs := newFlags("stats")
	asJSON := fs.Bool("json", false, "print one JSON object")
	pos, err := parseFlags(fs, statsUsage, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("stats: unexpected argument %q", pos[0])}
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
	s := collectStats(lib, ix)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	return printStats(e.stdout, s)
}

func collectStats(lib *store.Library, ix *index.Index) stats {
	tally := ix.Tally()
	s := stats{Papers: lib.Len(), Conditions: len(lib.Conditions()), Drugs: len(lib.Drugs()),
		Index: safeLine(ix.Dir()), Types: tally[index.FieldTypeFacet], Sources: tally[index.FieldSource]}
	s.Types = safeCounts(s.Types)
	s.Sources = safeCounts(s.Sources)
	for y := range tally[index.FieldYearFacet] {
		year, err := strconv.Atoi(y)
		if err != nil || year <= 0 {
			continue // papers with no year
		}
		if s.YearMin == 0 || year < s.YearMin {
			s.YearMin = year
		}
		s.YearMax = max(s.YearMax, year)
	}
	return s
}

func printStats(stdout io.Writer, s stats) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "papers\t%d\n", s.Papers)
	fmt.Fprintf(tw, "conditions\t%d\n", s.Conditions)
	fmt.Fprintf(tw, "drugs and interventions\t%d\n", s.Drugs)
	fmt.Fprintf(tw, "years\t%d–%d\n", s.YearMin, s.YearMax)
	fmt.Fprintf(tw, "index\t%s\n", s.Index)
	fmt.Fprintln(tw, "\npublication type\tpapers")
	types := make([]string, 0, len(s.Types))
	for t := range s.Types {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if s.Types[types[i]] != s.Types[types[j]] {
			return s.Types[types[i]] > s.Types[types[j]]
		}
		return types[i] < types[j]
	})
	for _, t := range types {
		fmt.Fprintf(tw, "%s\t%d\n", t, s.Types[t])
	}
	return tw.Flush()
}

// safeCounts cleans the names of facet counts (publication types come from
// imported files), adding up names that clean to the same text.
func safeCounts(in map[string]int) map[string]int {
	out := make(map[string]int, len(in))
	for name, n := range in {
		if name = safeLine(name); name != "" {
			out[name] += n
		}
	}
	return out
}
