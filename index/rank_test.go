package index

import (
	"context"
	"testing"

	"github.com/follicle/follicle/internal/scifact"
)

// Floors of ranking quality on the fixed SciFact subset (the first 300
// judged training claims over 2,500 abstracts that hold all their relevant
// ones; see scifact_test.go). Measured when set: nDCG@10 0.721, Recall@100
// 0.943 (go test ./index -run TestRankingFloor -v prints them). A change of
// scoring, analysis or the text field that loses more than a point and a
// half fails here (weighting the title, for one, lost five on the whole
// corpus); the whole corpus is measured by bench -relevance.
const (
	minSubsetNDCG10    = 0.705
	minSubsetRecall100 = 0.93
)

// TestRankingFloor ranks each claim's words through the search path (the
// shards, the collector, the scorer) with "any word" semantics, the one
// the query language will keep whatever its default becomes.
func TestRankingFloor(t *testing.T) {
	fx := scifactIndex(t)
	ranked := map[string][]string{}
	for _, q := range fx.queries {
		words := claimTerms(fx.ix, q.Text)
		if len(words) == 0 {
			continue
		}
		ids, err := fx.ix.RankWords(context.Background(), words, 0, 100)
		if err != nil {
			t.Fatalf("claim %s: %v", q.ID, err)
		}
		ranked[q.ID] = ids
	}
	s := fx.set.Evaluate(fx.queries, ranked)
	t.Logf("SciFact subset (%d training claims, %d abstracts): nDCG@10 %.3f, Recall@100 %.3f", s.Queries, len(fx.docs), s.NDCG10, s.Recall100)
	if s.Queries != len(fx.queries) {
		t.Errorf("scored %d claims, want %d", s.Queries, len(fx.queries))
	}
	if s.NDCG10 < minSubsetNDCG10 || s.Recall100 < minSubsetRecall100 {
		t.Errorf("nDCG@10 %.3f (floor %.2f), Recall@100 %.3f (floor %.2f): ranking regressed", s.NDCG10, minSubsetNDCG10, s.Recall100, minSubsetRecall100)
	}
}

// claimTerms is a claim's distinct bare words that search for something.
func claimTerms(ix *Index, claim string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range scifact.Words(claim) {
		if !seen[w] && len(ix.Terms(w)) > 0 {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
