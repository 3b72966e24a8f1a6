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

// fill indexes every paper of lib into its shard (position i goes to
// shards[i%len(shards)]) in batches. Batches are written by one worker per
// CPU: Bleve analyses a batch's documents in parallel but encodes its
// segment on the calling goroutine, so one writer would leave the other
// cores idle for most of a build. It stops early, with ctx's error, when
// ctx is cancelled, and returns the first write error.
func fill(ctx context.Context, shards []bleve.Index, lib *store.Library, progress Progress) error {
	total := lib.Len()
	workers := max(1, runtime.GOMAXPROCS(0))
	size := batchLength(total, workers) * len(shards) // one job: size/len(shards) papers per shard
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan batchJob)
	go func() {
		defer close(jobs)
		for s := 0; s < total; s += size {
			for k := range shards {
				select {
				case jobs <- batchJob{shard: k, from: s, to: min(s+size, total)}:
				case <-ctx.Done():
					return
				}
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
			for j := range jobs {
				n, err := writeBatch(shards[j.shard], lib, j.papers(len(shards)))
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				done += n
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

// batchJob is one shard's papers among the positions [from, to).
type batchJob struct{ shard, from, to int }

// papers lists the job's positions: those in range that belong to its shard.
func (j batchJob) papers(shards int) []int {
	var out []int
	for i := j.from + (j.shard-j.from%shards+shards)%shards; i < j.to; i += shards {
		out = append(out, i)
	}
	return out
}

// batchLength is batchSize, or less for a small library so that every
// worker gets a share (the bundled corpus is a few hundred papers), but
// never below minBatch, where per-segment overhead would dominate.
func batchLength(papers, workers int) int {
	const minBatch = 100
	share := (papers + workers - 1) / workers
	return max(minBatch, min(batchSize, share))
}

// writeBatch indexes the papers at the given positions as one Bleve batch
// and returns how many it wrote.
func writeBatch(idx bleve.Index, lib *store.Library, positions []int) (int, error) {
	if len(positions) == 0 {
		return 0, nil
	}
	batch := idx.NewBatch()
	for _, i := range positions {
		p, err := lib.PaperAt(i)
		if err != nil {
			return 0, err
		}
		if err := batch.Index(p.PMID, newDocument(lib, p)); err != nil {
			return 0, fmt.Errorf("index paper %s: %w", p.PMID, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		first, last := lib.PMID(positions[0]), lib.PMID(positions[len(positions)-1])
		return 0, fmt.Errorf("write batch of papers %s to %s: %w", first, last, err)
	}
	return len(positions), nil
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
	if err := fill(ctx, []bleve.Index{idx}, lib, nil); err != nil {
		idx.Close()
		return nil, err
	}
	return newIndex([]bleve.Index{idx}, lib, t, ""), nil
}
