package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/export"
)

const exportUsage = `Usage: follicle export --format bibtex|ris|medline|csv|vancouver|markdown [--output FILE]
                       [--marked] [--condition NAME] [--drug NAME] [--source bundled|imported] [QUERY]

Writes papers as a bibliography or exchange file: the papers matching QUERY and
the filters (best first, as in search), your reading list with --marked, or the
whole library when there is nothing of these. Your tags and notes go with them
(BibTeX keywords/annote, RIS KW/N1, CSV columns); markdown writes a study sheet
of citations, links, tags and notes. A bundled paper's summary is Follicle's,
not the authors' abstract, and is exported as a labelled note, never as an
abstract. MEDLINE output imports back into Follicle unchanged.
`

func runExport(args []string) error { return exportWith(localEnv(), args) }

func exportWith(e env, args []string) error {
	fs := newFlags("export")
	formatName := fs.String("format", "", "bibtex, ris, medline, csv, vancouver or markdown")
	output := fs.String("output", "", "write to FILE instead of standard output")
	source := fs.String("source", "", "only bundled or only imported papers")
	marked := fs.Bool("marked", false, "only the papers on your reading list")
	var conds, drugs multiFlag
	fs.Var(&conds, "condition", "only papers about this condition (repeatable)")
	fs.Var(&drugs, "drug", "only papers about this drug (repeatable)")
	pos, err := parseFlags(fs, exportUsage, args)
	if err != nil {
		return err
	}
	if *formatName == "" {
		return usageError{"export: --format is required: bibtex, ris, medline, csv, vancouver or markdown"}
	}
	format, err := export.ParseFormat(*formatName)
	if err != nil {
		return usageError{"export: " + err.Error()}
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
	req := index.Request{Text: strings.Join(pos, " "), Source: *source}
	if err := filterByEntities(lib, &req, conds, drugs); err != nil {
		return err
	}
	if err := personalRequest(p, &req, *marked); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	papers, err := selectPapers(ctx, lib, ix, req)
	if err != nil {
		return err
	}
	if len(papers) == 0 {
		return errors.New("export: no paper matches, so nothing was written")
	}
	personal, err := loadPersonal(p)
	if err != nil {
		return err
	}
	return writeExport(e, *output, format, export.Annotate(safePapers(papers), personal.Tags, personal.Notes))
}

// selectPapers returns the papers a request matches, or every paper of the
// library when it asks for nothing.
func selectPapers(ctx context.Context, lib *store.Library, ix *index.Index, req index.Request) ([]*store.Paper, error) {
	if strings.TrimSpace(req.Text) == "" && len(req.Conditions)+len(req.Drugs) == 0 && req.Source == "" && !req.Restrict {
		return lib.All()
	}
	var out []*store.Paper
	req.Export = true
	res, err := ix.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		out = append(out, h.Paper)
	}
	if len(out) != res.Total {
		return nil, fmt.Errorf("export: found %d papers but read %d; nothing was written", res.Total, len(out))
	}
	return out, nil
}

// writeExport writes to standard output, or to a file that appears only
// when complete.
func writeExport(e env, output string, format export.Format, items []export.Item) error {
	if output == "" {
		w := bufio.NewWriter(e.stdout)
		if err := export.WriteItems(w, format, items); err != nil {
			return err
		}
		return w.Flush()
	}
	if err := export.WriteFile(output, format, items); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s to %s\n", countOf(len(items), "paper"), safeLine(output))
	return nil
}
