package index

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/follicle/follicle/store"
)

// batchSize trades memory for speed: large enough that Bleve's per-batch
// segment overhead is amortised, small enough to report progress often.
const batchSize = 1000

// Progress receives how many papers are indexed so far out of total. fill
// calls it from one goroutine at a time.
type Progress func(done, total int)

// fill indexes every paper of lib into idx in batches. Batches are written
// by one worker per CPU: Bleve analyses a batch's documents in parallel but
// encodes its segment on the calling goroutine, so one writer would leave
// the other cores idle for most of a build. It stops early, with ctx's
// error, when ctx is cancelled, and returns the first write error.
func fill(ctx context.Context, idx bleve.Index, lib *store.Library, progress Progress) error {
	total := lib.Len()
	workers := max(1, runtime.GOMAXPROCS(0))
	size := batchLength(total, workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	starts := make(chan int)
	go func() {
		defer close(starts)
		for s := 0; s < total; s += size {
			select {
			case starts <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	var (
		mu       sync.Mutex
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range starts {
				end := min(s+size, total)
				err := writeBatch(idx, lib, s, end)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				done += end - s
				if err == nil && progress != nil {
					progress(done, total)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// batchLength is batchSize, or less for a small library so that every
// worker gets a share (the bundled corpus is a few hundred papers), but
// never below minBatch, where per-segment overhead would dominate.
func batchLength(papers, workers int) int {
	const minBatch = 100
	share := (papers + workers - 1) / workers
	return max(minBatch, min(batchSize, share))
}

// writeBatch indexes the papers at positions [from, to) as one Bleve batch.
func writeBatch(idx bleve.Index, lib *store.Library, from, to int) error {
	batch := idx.NewBatch()
	for i := from; i < to; i++ {
		p, err := lib.PaperAt(i)
		if err != nil {
			return err
		}
		if err := batch.Index(p.PMID, newDocument(lib, p)); err != nil {
			return fmt.Errorf("index paper %s: %w", p.PMID, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("write batch of papers %s to %s: %w", lib.PMID(from), lib.PMID(to-1), err)
	}
	return nil
}

// NewMemOnly builds an in-memory index of lib, for tests and for a library
// too small to be worth caching on disk.
func NewMemOnly(ctx context.Context, lib *store.Library) (*Index, error) {
	lib, err := lib.Loaded()
	if err != nil {
		return nil, err
	}
	t, err := newPaperTable(lib)
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewMemOnly(NewMapping())
	if err != nil {
		return nil, fmt.Errorf("create in-memory index: %w", err)
	}
	if err := fill(ctx, idx, lib, nil); err != nil {
		idx.Close()
		return nil, err
	}
	return newIndex(idx, lib, t, ""), nil
}
