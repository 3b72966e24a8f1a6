package index

import "context"

// SearchReference answers r the way Bleve alone would: its own collector,
// sort and facets over every shard, with no precomputed overview and no
// in-memory counting. It returns what Search returns (a test holds them
// equal), so it is the yardstick the benchmark's regression gate times
// beside Search, query by query: their ratio is a property of Follicle's
// code, which a slower or busier machine leaves where it was.
func (ix *Index) SearchReference(ctx context.Context, r Request) (Result, error) {
	return ix.search(ctx, r, false, false)
}
