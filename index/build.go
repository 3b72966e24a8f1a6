package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/follicle/follicle/store"
)

// batchSize trades memory for speed: large enough that Bleve's per-batch
// segment overhead is amortised, small enough to report progress often.
const batchSize = 1000

// Progress receives how many papers are indexed so far out of total.
type Progress func(done, total int)

// fill indexes every paper of lib into idx in batches. It stops early, with
// ctx's error, when ctx is cancelled.
func fill(ctx context.Context, idx bleve.Index, lib *store.Library, progress Progress) error {
	papers := lib.Papers()
	batch := idx.NewBatch()
	for i := range papers {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := &papers[i]
		if err := batch.Index(p.PMID, newDocument(lib, p)); err != nil {
			return fmt.Errorf("index paper %s: %w", p.PMID, err)
		}
		if batch.Size() >= batchSize || i == len(papers)-1 {
			if err := idx.Batch(batch); err != nil {
				return fmt.Errorf("write batch ending at paper %s: %w", p.PMID, err)
			}
			batch.Reset()
			if progress != nil {
				progress(i+1, len(papers))
			}
		}
	}
	return nil
}

// NewMemOnly builds an in-memory index of lib, for tests and for a library
// too small to be worth caching on disk.
func NewMemOnly(ctx context.Context, lib *store.Library) (*Index, error) {
	idx, err := bleve.NewMemOnly(NewMapping())
	if err != nil {
		return nil, fmt.Errorf("create in-memory index: %w", err)
	}
	if err := fill(ctx, idx, lib, nil); err != nil {
		idx.Close()
		return nil, err
	}
	return newIndex(idx, lib, ""), nil
}
