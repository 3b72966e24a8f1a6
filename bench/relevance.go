package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/internal/scifact"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
)

// The relevance benchmark (bench -relevance): BEIR SciFact's 5,183 abstracts
// imported as a library through `follicle import`'s path (JSON Lines of
// store.Paper, streamed from the shared data, never written into the
// repository), its 809 training claims run through Follicle's search path,
// and the same claims run through SQLite FTS5's bm25() over the same records
// in the same process. Only the training queries exist here, so every
// figure, and any choice made from them, is a training figure.

// relevanceRun is one ranking of every claim and its cost.
type relevanceRun struct {
	name   string
	ranked map[string][]string
	took   []time.Duration
	// refused counts the claims the search budget stopped (then ranked
	// without it).
	refused int
}

func relevanceMain(dataDir string) error {
	ctx := context.Background()
	set, err := scifact.Load(filepath.Join(dataDir, "scifact"))
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "follicle-relevance-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	lib, err := importSciFact(ctx, dir, set)
	if err != nil {
		return err
	}
	ix, _, err := index.OpenOrBuild(ctx, lib, index.Options{Home: filepath.Join(dir, "follicle"), Fingerprint: "scifact"})
	if err != nil {
		return fmt.Errorf("build the scifact index: %w", err)
	}
	defer ix.Close()
	<-ix.Prepared()
	var papers []store.Paper
	ix.Library().Each(func(_ int, p *store.Paper) error {
		papers = append(papers, *p)
		return nil
	})
	fts, err := buildFTS5(ctx, dir, papers)
	if err != nil {
		return err
	}
	queries := set.Judged()
	runs, err := relevanceRuns(ctx, ix, fts, queries)
	if err != nil {
		return err
	}
	return relevanceReport(os.Stdout, set, queries, runs, len(papers))
}

// importSciFact imports the corpus into a new library under dir the way
// `follicle import` does (importer.File: format sniffing, the JSON Lines
// reader, linking to the lexicon, batched writes) and loads the library an
// index build reads. The bundled papers come with it, as in any library.
func importSciFact(ctx context.Context, dir string, set *scifact.Set) (*store.Library, error) {
	db, err := store.OpenDB(filepath.Join(dir, "library.db"), false)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	lexicon, err := store.LoadLexiconLibrary(data.FS(), db)
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeSciFactJSONL(pw, set.Docs)) }()
	sum, err := importer.File(ctx, db, "scifact.jsonl", pr, importer.Options{Lexicon: lexicon})
	pr.Close()
	if err != nil {
		return nil, fmt.Errorf("import scifact: %w", err)
	}
	if sum.Read != len(set.Docs) || sum.Skipped > 0 {
		return nil, fmt.Errorf("import scifact: read %d of %d abstracts, skipped %d: %v", sum.Read, len(set.Docs), sum.Skipped, sum.SkipReasons)
	}
	lib, err := store.LoadWithImports(data.FS(), db)
	if err != nil {
		return nil, fmt.Errorf("load the scifact library: %w", err)
	}
	return lib, nil
}

// writeSciFactJSONL converts the corpus to Follicle's JSON Lines: BEIR's
// numeric document id stands in the PMID field (the reader wants digits),
// the title and the abstract as one section.
func writeSciFactJSONL(w io.Writer, docs []scifact.Doc) error {
	enc := json.NewEncoder(w)
	for _, d := range docs {
		title := d.Title
		if strings.TrimSpace(title) == "" {
			title = "(untitled)"
		}
		p := store.Paper{PMID: d.ID, Title: title, Abstract: []store.Section{{Text: d.Text}}}
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	return nil
}

// relevanceRuns ranks every claim with each variant and with FTS5. The
// variants differ only in the query's semantics: any word (OR), every word
// (AND, as +word clauses), and at least a share of the words.
func relevanceRuns(ctx context.Context, ix *index.Index, fts *fts5, queries []scifact.Query) ([]relevanceRun, error) {
	type variant struct {
		name string
		rank func(words []string) ([]string, error)
	}
	refused := 0
	search := func(text string) ([]string, error) {
		res, err := ix.Search(ctx, index.Request{Text: text, Limit: 100})
		if errors.Is(err, index.ErrTooBroad) {
			// Counted, then ranked without the budget: what is measured
			// here is the ranking, the budget's share is reported.
			refused++
			res, err = ix.Search(ctx, index.Request{Text: text, Limit: 100, Export: true})
		}
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.Paper.PMID
		}
		return ids, nil
	}
	share := func(f float64) func([]string) ([]string, error) {
		return func(words []string) ([]string, error) {
			return ix.RankWords(ctx, words, int(math.Ceil(f*float64(len(words)))), 100)
		}
	}
	variants := []variant{
		// "a OR b": the query language's explicit any-word form. Today
		// the OR is a stop word that Bleve's query string drops (the
		// same ranking as "a b"); once bare words must all match, it
		// still says any word.
		{"follicle OR (any word)", func(w []string) ([]string, error) { return search(strings.Join(w, " OR ")) }},
		{"follicle bare words (the default)", func(w []string) ([]string, error) { return search(strings.Join(w, " ")) }},
		{"follicle AND (every word)", func(w []string) ([]string, error) { return search("+" + strings.Join(w, " +")) }},
		{"follicle min-should 50%", share(0.5)},
		{"follicle min-should 30%", share(0.3)},
		{"fts5 bm25() OR", func(w []string) ([]string, error) { return fts.ranked(ctx, w, 100) }},
	}
	var out []relevanceRun
	for _, v := range variants {
		refused = 0
		run := relevanceRun{name: v.name, ranked: map[string][]string{}}
		for _, q := range queries {
			words := searchable(ix, q.Text)
			if len(words) == 0 {
				continue
			}
			start := time.Now()
			ids, err := v.rank(words)
			run.took = append(run.took, time.Since(start))
			if err != nil {
				return nil, fmt.Errorf("%s, claim %s %q: %w", v.name, q.ID, q.Text, err)
			}
			run.ranked[q.ID] = ids
		}
		run.refused = refused
		out = append(out, run)
	}
	return out, nil
}

// searchable is a claim's bare words that search for something (stop words
// dropped: "+the" would require a word no index holds), duplicates once.
func searchable(ix *index.Index, claim string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range scifact.Words(claim) {
		if seen[w] || len(ix.Terms(w)) == 0 {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// ranked is FTS5's best n PMIDs for any of words, by bm25().
func (f *fts5) ranked(ctx context.Context, words []string, n int) ([]string, error) {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + w + `"`
	}
	rows, err := f.db.QueryContext(ctx, `SELECT p.pmid FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid
		WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts) LIMIT ?`, strings.Join(quoted, " OR "), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func relevanceReport(w io.Writer, set *scifact.Set, queries []scifact.Query, runs []relevanceRun, papers int) error {
	fmt.Fprintf(w, "SciFact training claims: %d judged queries over %d papers (5,183 SciFact abstracts + the bundled papers); training figures only\n", len(queries), papers)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "variant\tnDCG@10\tRecall@100\tp50 ms\tp99 ms\tover budget\t\n")
	for _, r := range runs {
		s := set.Evaluate(queries, r.ranked)
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.2f\t%.2f\t%d\t\n", r.name, s.NDCG10, s.Recall100, pct(r.took, 0.5), pct(r.took, 0.99), r.refused)
	}
	return tw.Flush()
}
