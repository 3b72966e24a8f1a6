package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/follicle/follicle/store"
)

// Index is an open Bleve index together with the library it was built from,
// which resolves hits to papers and holds their text for highlighting. It is
// safe for concurrent searches.
type Index struct {
	shards   []bleve.Index // paper at position i is in shards[i%len(shards)]
	maps     []docMap      // per shard
	whole    bleve.Index   // every shard as one index (an alias when several)
	lib      *store.Library
	dir      string
	overview overview
	table    *paperTable
	shelf    *store.Shelf       // closed with the index; nil in memory
	analyzer analysis.Analyzer  // FieldText's, for typing prefixes (see prefixSpans)
	stop     context.CancelFunc // ends the background preparation
	prepared chan struct{}      // closed when it has ended
	budget   time.Duration      // SearchBudget; tests shorten it
	verify   *verification      // the background check of the files on disk (verify.go)
	memo     suggestMemo        // the lexicon's words and words checked, for Suggest
	mesh     *meshSource        // the library's MeSH tree, for [mh]; nil: none
}

// newIndex wraps an open index with the library and tables it was built
// from. A read-only index on disk never changes, so its document map is
// prepared in the background at once; searches before it is ready load
// external IDs instead.
func newIndex(shards []bleve.Index, lib *store.Library, t *paperTable, dir string) *Index {
	ctx, stop := context.WithCancel(context.Background())
	ix := &Index{shards: shards, maps: make([]docMap, len(shards)), whole: shards[0], lib: lib, table: t, dir: dir, stop: stop,
		budget:   SearchBudget,
		analyzer: shards[0].Mapping().AnalyzerNamed(en.AnalyzerName)}
	if len(shards) > 1 {
		ix.whole = bleve.NewIndexAlias(shards...)
	}
	ix.prepared = make(chan struct{})
	if dir != "" {
		go func() {
			defer close(ix.prepared)
			ix.buildDocMap(ctx) // a failure only keeps the slower path
		}()
	} else {
		close(ix.prepared)
	}
	return ix
}

// Prepared is closed once the background preparation of a disk index has
// ended (searches before it find their papers by external ID, more
// slowly), for benchmarks that measure the steady state.
func (ix *Index) Prepared() <-chan struct{} { return ix.prepared }

// Dir is where the index lives on disk ("" for an in-memory index).
func (ix *Index) Dir() string { return ix.dir }

// Library returns the library the index was built from; for an index on
// disk its papers are read from the index's shelf.
func (ix *Index) Library() *store.Library { return ix.lib }

// Close releases the index, first stopping the background preparation
// (Bleve's Close would otherwise wait for its pass over every document).
func (ix *Index) Close() error {
	ix.stop()
	ix.verify.wait(true)
	var err error
	for _, s := range ix.shards {
		if serr := s.Close(); err == nil {
			err = serr
		}
	}
	if ix.shelf != nil {
		if serr := ix.shelf.Close(); err == nil {
			err = serr
		}
	}
	return err
}

// Hit is one matching paper with where the query matched in it.
type Hit struct {
	Paper      *store.Paper
	Score      float64
	TitleSpans []Span // byte ranges in Paper.Title
	TextSpans  []Span // byte ranges in Paper.Text()
}

// FacetCount is one value of a facet and how many matching papers have it.
type FacetCount struct {
	Value string
	Count int
}

// Result is everything one search returns: one page of hits and the facet
// counts over all matches.
type Result struct {
	Total      int
	Hits       []Hit
	Conditions []FacetCount // by entity ID
	Drugs      []FacetCount // by entity ID
	Years      []FacetCount // by year, newest first
	Types      []FacetCount
	Sources    []FacetCount
	Took       time.Duration
	// Suggestion is the query with misspelt words corrected (see
	// Suggest), "" when every word is found.
	Suggestion string
	// Partial is set when no paper had every word typed side by side and
	// the list holds the papers with most of them (Partial.String says so).
	Partial Partial
	// Details say how the query was understood (entities, filters, field
	// tags); Notes what of it could not be honoured as written.
	Details, Notes []string
}

// SearchBudget bounds one search. The query guard refuses the forms that
// would walk the whole dictionary, but a query it lets through can still
// score most of a large library many times over (64 frequent words OR'ed
// took seconds at a million papers); such a search is stopped and refused
// with a message rather than leave the user waiting.
//
// It is 200 ms so that the whole wait, the preparation of a query's
// searchers (not interruptible) included, stays within 250 ms.
const SearchBudget = 200 * time.Millisecond

// ErrTooBroad is a search stopped by its budget (SearchBudget).
var ErrTooBroad = errors.New("too broad to answer in time")

// DefaultLimit is the page size when a request gives none.
const DefaultLimit = 50

// maxWindow bounds offset+limit, so a deep page cannot make Bleve collect and
// sort an unbounded number of hits.
const maxWindow = 10000

// Search runs r: Bleve finds the matching papers and their scores, the
// per-paper tables count the facets and rank the page, and a second Bleve
// request finds where the query matched in the page's papers. ctx bounds
// it; a cancelled search returns ctx's error.
func (ix *Index) Search(ctx context.Context, r Request) (Result, error) {
	if err := ix.verify.err(); err != nil {
		return Result{}, fmt.Errorf("index at %s: %w", ix.dir, err)
	}
	res, err := ix.search(ctx, r, true, true)
	if errors.Is(err, store.ErrShelfDamaged) {
		err = fmt.Errorf("index at %s: %w", ix.dir, ix.verify.found(ix.dir, err))
	}
	return res, err
}

// search runs r; withOverview lets the precomputed overview answer a
// request for everything and withTables selects the in-memory counting
// (tests turn each off to compare with Bleve's own answer).
func (ix *Index) search(parent context.Context, r Request, withOverview, withTables bool) (Result, error) {
	start := time.Now()
	// The plan comes before the budget: the first [mh] of a session reads
	// the library's MeSH tree (once), which is no search's cost.
	plan, err := planQuery(r, ix.env(r))
	if err != nil {
		return Result{}, err
	}
	ctx, cancel := parent, context.CancelFunc(func() {})
	if !r.Export {
		ctx, cancel = context.WithTimeout(parent, ix.budget)
	}
	defer cancel()
	limit := r.Limit
	if r.Export && limit <= 0 {
		limit = max(1, ix.lib.Len()) // an export with no limit: every match
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	if r.Offset < 0 || (!r.Export && r.Offset+limit > maxWindow) {
		return Result{}, fmt.Errorf("page out of range: offset %d, limit %d (at most %d results)", r.Offset, limit, maxWindow)
	}
	run := func(q query.Query) (Result, error) {
		switch {
		case withOverview && isEverything(r):
			return ix.everything(r, r.Offset, limit)
		case withTables:
			return ix.searchTables(ctx, q, r, limit)
		default:
			return ix.searchBleve(ctx, q, r, limit)
		}
	}
	out, err := run(plan.strict())
	if err == nil && out.Total == 0 && len(plan.words) > 1 {
		out, err = ix.fewerWords(ctx, plan, run)
	}
	if err != nil {
		if parentErr := parent.Err(); parentErr != nil {
			return Result{}, parentErr
		}
		if ctx.Err() != nil {
			return Result{}, &QueryError{Text: r.Text, Err: fmt.Errorf("%w (%v): add a word, a phrase or a filter", ErrTooBroad, ix.budget)}
		}
		return Result{}, classify(r.Text, err)
	}
	// The suggestion is bounded by its own limits (see suggest.go), not by
	// what the search left of the budget: the same query suggests the same.
	out.Suggestion = ix.suggestion(parent, r)
	out.Details, out.Notes = plan.understood, plan.notes
	out.Took = time.Since(start)
	return out, nil
}

// searchTables answers r through collect and the page's locations.
func (ix *Index) searchTables(ctx context.Context, q query.Query, r Request, limit int) (Result, error) {
	c, err := ix.collect(ctx, q, r, r.Offset+limit)
	if err != nil {
		return Result{}, err
	}
	ranked := c.ranked()
	ranked = ranked[min(r.Offset, len(ranked)):]
	positions := make([]int32, len(ranked))
	for i, h := range ranked {
		positions[i] = h.pos
	}
	located, prefixes := locationQuery(q)
	if r.Export {
		located, prefixes = nil, nil
	}
	locations, err := ix.pageLocations(ctx, located, positions)
	if err != nil {
		return Result{}, err
	}
	out := Result{Total: c.total}
	for _, h := range ranked {
		p, err := ix.lib.PaperAt(int(h.pos))
		if err != nil {
			return Result{}, err
		}
		hit := Hit{Paper: p, Score: h.score}
		hit.TitleSpans, hit.TextSpans = paperSpans(locations[p.PMID], p)
		if len(prefixes) > 0 {
			hit.TitleSpans = MergeSpans(append(hit.TitleSpans, prefixSpans(p.Title, prefixes, ix.analyzer)...))
			hit.TextSpans = MergeSpans(append(hit.TextSpans, prefixSpans(p.Text(), prefixes, ix.analyzer)...))
		}
		out.Hits = append(out.Hits, hit)
	}
	ix.setFacets(&out, c.facets(ix.table, ix.lib))
	return out, nil
}

// pageLocations asks Bleve where q (see locationQuery) matched in the
// papers at the given positions only, so term vectors are read for one
// page rather than for every match; each shard is asked about its own
// papers, all at once. A nil q has no locations.
func (ix *Index) pageLocations(ctx context.Context, q query.Query, positions []int32) (map[string]search.FieldTermLocationMap, error) {
	if q == nil {
		return nil, nil
	}
	ids := make([][]string, len(ix.shards))
	for _, pos := range positions {
		k := int(pos) % len(ix.shards)
		ids[k] = append(ids[k], ix.lib.PMID(int(pos)))
	}
	found := make([]search.DocumentMatchCollection, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for k, list := range ids {
		if len(list) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(list)), len(list), 0, false)
			req.IncludeLocations = true
			res, err := ix.shards[k].SearchInContext(ctx, req)
			if err != nil {
				errs[k] = err
				return
			}
			found[k] = res.Hits
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make(map[string]search.FieldTermLocationMap, len(positions))
	for _, hits := range found {
		for _, dm := range hits {
			out[dm.ID] = dm.Locations
		}
	}
	return out, nil
}

// searchBleve answers r with Bleve's own collector, facets and sort: the
// reference the in-memory path is tested against.
func (ix *Index) searchBleve(ctx context.Context, q query.Query, r Request, limit int) (Result, error) {
	req := bleve.NewSearchRequestOptions(q, limit, r.Offset, false)
	req.IncludeLocations = true
	req.SortBy(sortFields(r.Sort))
	ix.addFacets(req)
	res, err := ix.whole.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, err
	}
	out := Result{Total: int(res.Total)}
	for _, dm := range res.Hits {
		h, err := ix.hit(dm)
		if err != nil {
			return Result{}, err
		}
		out.Hits = append(out.Hits, h)
	}
	ix.setFacets(&out, ix.splitFacets(res.Facets[FieldFacet]))
	return out, nil
}

func (ix *Index) setFacets(out *Result, facets map[string][]FacetCount) {
	out.Conditions = facets[FieldConditionID]
	out.Drugs = facets[FieldDrugID]
	out.Types = facets[FieldTypeFacet]
	out.Sources = facets[FieldSource]
	out.Years = facets[FieldYearFacet]
	sort.Slice(out.Years, func(i, j int) bool { return out.Years[i].Value > out.Years[j].Value })
}

// classify keeps query-language mistakes apart from real failures: the
// former are the user's to fix and show in the status line.
func classify(text string, err error) error {
	var qe *QueryError
	if errors.As(err, &qe) {
		// The first of one error per shard, about the whole query.
		return &QueryError{Text: text, Err: qe.Err}
	}
	return &QueryError{Text: text, Err: err}
}

func sortFields(s Sort) []string {
	switch s {
	case SortNewest:
		return []string{"-" + FieldYear, "-_score", FieldPMID}
	case SortOldest:
		return []string{FieldYear, "-_score", FieldPMID}
	default:
		return []string{"-_score", "-" + FieldYear, FieldPMID}
	}
}

// facetFields are the facets every search asks for.
var facetFields = []string{FieldConditionID, FieldDrugID, FieldTypeFacet, FieldYearFacet, FieldSource}

// facetSize is how many values of field a search counts: every condition
// and drug, so each pane can show a count for every entity, and enough
// years, types and sources for any library.
func facetSize(lib *store.Library, field string) int {
	switch field {
	case FieldConditionID:
		return max(1, len(lib.Conditions()))
	case FieldDrugID:
		return max(1, len(lib.Drugs()))
	case FieldYearFacet:
		return 200
	case FieldSource:
		return 5
	default:
		return 50
	}
}

// addFacets asks for the one combined facet field, large enough to hold
// every value of every facet.
func (ix *Index) addFacets(req *bleve.SearchRequest) {
	size := 0
	for _, f := range facetFields {
		size += facetSize(ix.lib, f)
	}
	req.AddFacet(FieldFacet, bleve.NewFacetRequest(FieldFacet, size))
}

// splitFacets divides the combined facet by prefix and keeps each facet's
// top values, ordered as Bleve orders a facet (count down, then value).
func (ix *Index) splitFacets(f *search.FacetResult) map[string][]FacetCount {
	counts := map[string]map[string]int{}
	if f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			for field, prefix := range facetPrefixes {
				if value, ok := strings.CutPrefix(t.Term, prefix); ok {
					if counts[field] == nil {
						counts[field] = map[string]int{}
					}
					counts[field][value] = t.Count
				}
			}
		}
	}
	out := map[string][]FacetCount{}
	for field, m := range counts {
		out[field] = topCounts(m, facetSize(ix.lib, field))
	}
	return out
}

func (ix *Index) hit(dm *search.DocumentMatch) (Hit, error) {
	p, err := ix.lib.Paper(dm.ID)
	if err != nil {
		return Hit{}, err
	}
	h := Hit{Paper: p, Score: dm.Score}
	h.TitleSpans, h.TextSpans = paperSpans(dm.Locations, p)
	return h, nil
}

// YearString formats a year facet value for display.
func YearString(y int) string { return strconv.Itoa(y) }
