package index

import (
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/follicle/follicle/store"
)

// errUnknownDocument means Bleve returned a document the library does not
// hold: the index and the library disagree.
var errUnknownDocument = errors.New("the index returned a paper the library does not hold; rebuild the index")

// Why a collector of our own: Bleve's collector reads doc values for every
// matching document to count facets and to sort by year and PMID, and those
// reads (decompressing a doc-value chunk per match) were 83% of a search's
// time at 100,000 papers. Every value they return is already in the
// library, so Follicle asks Bleve only for the matching documents and their
// scores, and counts and sorts from per-paper tables in memory.

// internalNumber reads Bleve's internal document number (scorch: 8 bytes,
// big-endian); ok is false for any other shape.
func internalNumber(id bleveindex.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// collected is one search's matches, counted and ranked in memory.
type collected struct {
	total  int
	counts []int32 // per facet value
	top    hitHeap
}

// collect runs q on every shard at once (each on its own goroutine, as a
// high-frequency term's matches are most of a search's time) and merges
// what they collected.
func (ix *Index) collect(ctx context.Context, q query.Query, r Request, keep int) (*collected, error) {
	less := hitOrder(ix.lib, ix.table, r.Sort)
	if len(ix.shards) == 1 {
		return ix.collectShard(ctx, 0, q, keep, less)
	}
	parts := make([]*collected, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for k := range ix.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[k], errs[k] = ix.collectShard(ctx, k, q, keep, less)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := &collected{counts: make([]int32, len(ix.table.names)), top: hitHeap{less: less}}
	for _, part := range parts {
		out.total += part.total
		for i, n := range part.counts {
			out.counts[i] += n
		}
		for _, h := range part.top.hits {
			out.keep(h, keep)
		}
	}
	return out, nil
}

// collectShard runs q in shard k with no sort fields and no facets, handing
// every match to a handler that counts its facet values and keeps the best
// keep by the request's sort.
func (ix *Index) collectShard(ctx context.Context, k int, q query.Query, keep int, less func(a, b rankedHit) bool) (*collected, error) {
	t := ix.table
	out := &collected{counts: make([]int32, len(t.names)), top: hitHeap{less: less}}
	maker := func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		local := ix.maps[k].get(sctx.IndexReader)
		seen := 0
		return func(d *search.DocumentMatch) error {
			if d == nil {
				return nil
			}
			// Bleve looks at the context every 1,024 matches, which for
			// a query of many frequent words overran the budget by 40 ms.
			if seen++; seen%256 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if local != nil {
				n, ok := internalNumber(d.IndexInternalID)
				score := d.Score
				sctx.DocumentMatchPool.Put(d) // resets d
				if !ok || n >= uint64(len(local.docs)) || local.docs[n] < 0 {
					return errUnknownDocument
				}
				out.addLocal(local, int(n), score, keep)
				return nil
			}
			pos, ok := ix.lib.PaperIndex(d.ID)
			score := d.Score
			sctx.DocumentMatchPool.Put(d)
			if !ok {
				return errUnknownDocument
			}
			out.add(t, int32(pos), score, keep)
			return nil
		}, local == nil, nil
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.SortBy([]string{"-_score"})
	ctx = context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(maker))
	res, err := ix.shards[k].SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out.total = int(res.Total)
	return out, nil
}

func (c *collected) add(t *paperTable, pos int32, score float64, keep int) {
	for _, v := range t.values[t.starts[pos]:t.starts[pos+1]] {
		c.counts[v]++
	}
	c.keep(rankedHit{pos: pos, score: score}, keep)
}

// addLocal is add for the match with internal number n, counting from the
// shard's own copy of the facet values, laid out in internal-number order:
// Bleve hands matches over in that order, so the reads run forward through
// memory instead of jumping around the library's table (a cache miss per
// match, a fifth of a large query's time).
func (c *collected) addLocal(l *localTable, n int, score float64, keep int) {
	for _, v := range l.values[l.starts[n]:l.starts[n+1]] {
		c.counts[v]++
	}
	c.keep(rankedHit{pos: l.docs[n], score: score}, keep)
}

// keep adds h to the best hits when it ranks among the first keep.
func (c *collected) keep(h rankedHit, keep int) {
	if c.top.Len() < keep {
		heap.Push(&c.top, h)
	} else if keep > 0 && c.top.less(h, c.top.hits[0]) {
		c.top.hits[0] = h
		heap.Fix(&c.top, 0)
	}
}

// ranked returns the kept hits best first.
func (c *collected) ranked() []rankedHit {
	out := make([]rankedHit, c.top.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&c.top).(rankedHit)
	}
	return out
}

// facets turns the counts into the five facets, ordered and trimmed as
// Bleve's facets were.
func (c *collected) facets(t *paperTable, lib *store.Library) map[string][]FacetCount {
	counts := map[string]map[string]int{}
	for id, n := range c.counts {
		if n == 0 {
			continue
		}
		for field, prefix := range facetPrefixes {
			if value, ok := strings.CutPrefix(t.names[id], prefix); ok {
				if counts[field] == nil {
					counts[field] = map[string]int{}
				}
				counts[field][value] = int(n)
			}
		}
	}
	out := map[string][]FacetCount{}
	for field, m := range counts {
		out[field] = topCounts(m, facetSize(lib, field))
	}
	return out
}

// rankedHit is a match kept for the page: its library position and score.
type rankedHit struct {
	pos   int32
	score float64
}

// hitOrder returns "a ranks before b" for a sort, matching sortFields:
// score, then year (newest first), then PMID for relevance; year first for
// the two year sorts.
func hitOrder(lib *store.Library, t *paperTable, s Sort) func(a, b rankedHit) bool {
	return func(a, b rankedHit) bool {
		ya, yb := t.years[a.pos], t.years[b.pos]
		if s != SortRelevance && ya != yb {
			return (ya > yb) == (s == SortNewest)
		}
		if a.score != b.score {
			return a.score > b.score
		}
		if s == SortRelevance && ya != yb {
			return ya > yb
		}
		return lib.PMID(int(a.pos)) < lib.PMID(int(b.pos))
	}
}

// hitHeap keeps the best hits seen so far with the worst on top.
type hitHeap struct {
	hits []rankedHit
	less func(a, b rankedHit) bool
}

func (h hitHeap) Len() int           { return len(h.hits) }
func (h hitHeap) Less(i, j int) bool { return h.less(h.hits[j], h.hits[i]) }
func (h hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)        { h.hits = append(h.hits, x.(rankedHit)) }
func (h *hitHeap) Pop() any {
	last := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return last
}

// buildDocMap maps the internal numbers of the snapshot each shard
// searches now to library positions, by one pass over every document that
// loads its external ID. Later searches on the same snapshot then skip that
// load.
func (ix *Index) buildDocMap(ctx context.Context) error {
	for k := range ix.shards {
		if err := ix.buildShardMap(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

func (ix *Index) buildShardMap(ctx context.Context, k int) error {
	var docs []int32
	var snapshot bleveindex.IndexReader
	var bad error
	maker := func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		snapshot = sctx.IndexReader
		return func(d *search.DocumentMatch) error {
			if d == nil {
				return nil
			}
			n, ok := internalNumber(d.IndexInternalID)
			pos, known := ix.lib.PaperIndex(d.ID)
			sctx.DocumentMatchPool.Put(d)
			if !ok || !known || n > 1<<31 {
				bad = errUnknownDocument
				return bad
			}
			for uint64(len(docs)) <= n {
				docs = append(docs, -1)
			}
			docs[n] = int32(pos)
			return nil
		}, true, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	req.SortBy([]string{"-_score"})
	ctx = context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(maker))
	if _, err := ix.shards[k].SearchInContext(ctx, req); err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	ix.maps[k].set(snapshot, newLocalTable(ix.table, docs))
	return nil
}

// docMap maps Bleve's internal document numbers of one shard's snapshot to
// library positions, so hits need no external-ID lookup. It is only valid
// for that snapshot (a read-only index keeps one for life).
type docMap struct {
	mu       sync.Mutex
	snapshot bleveindex.IndexReader
	local    *localTable
}

// localTable is one shard snapshot's view of the paper tables, indexed by
// Bleve's internal document number: the library position, and the facet
// values copied in internal-number order.
type localTable struct {
	docs   []int32 // library position, -1 for a number no document has
	starts []int32 // number n's values are values[starts[n]:starts[n+1]]
	values []int32
}

func newLocalTable(t *paperTable, docs []int32) *localTable {
	l := &localTable{docs: docs, starts: make([]int32, 0, len(docs)+1)}
	for _, pos := range docs {
		l.starts = append(l.starts, int32(len(l.values)))
		if pos >= 0 {
			l.values = append(l.values, t.values[t.starts[pos]:t.starts[pos+1]]...)
		}
	}
	l.starts = append(l.starts, int32(len(l.values)))
	return l
}

// get returns the table for r, or nil when it was built for another
// snapshot (or not yet).
func (m *docMap) get(r bleveindex.IndexReader) *localTable {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.snapshot != r {
		return nil
	}
	return m.local
}

func (m *docMap) set(r bleveindex.IndexReader, l *localTable) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snapshot, m.local = r, l
}
