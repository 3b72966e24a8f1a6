package index

import (
	"slices"
	"testing"
)

// TestShardAssignment: every position goes to exactly one job of its own
// shard (i % shards), and shardSize counts them.
func TestShardAssignment(t *testing.T) {
	for _, c := range []struct{ papers, shards, size int }{
		{0, 1, 10}, {1, 2, 10}, {7, 3, 2}, {100, 4, 8}, {253, 2, 100}, {10, 3, 3},
	} {
		seen := make([]int, c.papers)
		counts := make([]int, c.shards)
		step := c.size * c.shards
		for s := 0; s < c.papers; s += step {
			for k := range c.shards {
				for _, i := range (batchJob{shard: k, from: s, to: min(s+step, c.papers)}).papers(c.shards) {
					if i%c.shards != k {
						t.Errorf("%+v: position %d in shard %d", c, i, k)
					}
					seen[i]++
					counts[k]++
				}
			}
		}
		if slices.ContainsFunc(seen, func(n int) bool { return n != 1 }) {
			t.Errorf("%+v: positions written %v times", c, seen)
		}
		for k, n := range counts {
			if want := shardSize(c.papers, c.shards, k); n != want {
				t.Errorf("%+v: shard %d got %d papers, shardSize says %d", c, k, n, want)
			}
		}
	}
}

func TestShardsFor(t *testing.T) {
	if n := shardsFor(253, 0); n != 1 {
		t.Errorf("the bundled corpus gets %d shards, want 1", n)
	}
	if n := shardsFor(253, 3); n != 3 {
		t.Errorf("a requested shard count is kept: got %d", n)
	}
	if n := shardsFor(1_000_000, 0); n < 1 || n > maxShards {
		t.Errorf("a large library gets %d shards", n)
	}
}
