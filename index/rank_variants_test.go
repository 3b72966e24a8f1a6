package index

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/internal/scifact"
	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

// TestRankingVariants measures every ranking variant tried on the whole
// SciFact corpus and its 809 training claims (the only queries there are:
// every figure is a training figure), so the choice can be rerun:
//
//	FOLLICLE_RANK_VARIANTS=1 go test ./index -run TestRankingVariants -v -timeout 30m
//
// It changes the scoring of its own index at run time (the mapping's
// scoring model, Bleve's BM25 constants, restored after) instead of
// building one index per variant. Skipped unless asked for: it takes
// minutes.
func TestRankingVariants(t *testing.T) {
	if os.Getenv("FOLLICLE_RANK_VARIANTS") == "" {
		t.Skip("set FOLLICLE_RANK_VARIANTS=1 to measure the ranking variants (minutes)")
	}
	set, err := scifact.Load(testdata.Path(t, "scifact"))
	if err != nil {
		t.Fatal(err)
	}
	ix, avgdl := wholeSciFact(t, set)
	v := &variantRun{t: t, ix: ix, set: set, queries: set.Judged()}
	v.words = map[string][]string{}
	for _, q := range v.queries {
		v.words[q.ID] = claimTerms(ix, q.Text)
	}
	t.Logf("whole corpus: %d abstracts, %d judged training claims; text field %.1f tokens a paper", ix.lib.Len(), len(v.queries), avgdl)
	v.run("TF-IDF, any word (Follicle's scoring)", func(ws []string, _ string) query.Query { return v.any(ws, 0) })
	for _, share := range []float64{0.3, 0.5} {
		v.run(fmt.Sprintf("TF-IDF, at least %.0f%% of the words", 100*share), func(ws []string, _ string) query.Query {
			d := bleve.NewDisjunctionQuery(v.wordQueries(ws, 0)...)
			d.SetMin(math.Ceil(share * float64(len(ws))))
			return d
		})
	}
	v.run("TF-IDF + title^0.5", func(ws []string, _ string) query.Query { return v.any(ws, 0.5) })
	v.run("TF-IDF + adjacent pairs as phrases^0.25", v.withPairs)
	v.run("TF-IDF + feedback (10 papers, 5 terms^0.1)", func(ws []string, _ string) query.Query { return v.feedback(ws, 10, 5, 0.1) })
	m := ix.shards[0].Mapping().(*mapping.IndexMappingImpl)
	k1, b := search.BM25_k1, search.BM25_b
	defer func() { m.ScoringModel, search.BM25_k1, search.BM25_b = "", k1, b }()
	m.ScoringModel = "bm25"
	v.run("Bleve BM25 (k1 1.2, b 0.75, its average length)", func(ws []string, _ string) query.Query { return v.any(ws, 0) })
	n, _ := ix.shards[0].DocCount()
	v.ctx = context.WithValue(context.Background(), search.BM25StatsKey,
		&search.BM25Stats{DocCount: float64(n), FieldCardinality: map[string]int{FieldText: int(avgdl * float64(n))}})
	for _, p := range [][2]float64{{0.9, 0.4}, {1.2, 0.75}, {1.5, 0.5}} {
		search.BM25_k1, search.BM25_b = p[0], p[1]
		v.run(fmt.Sprintf("BM25 k1 %.1f b %.2f, real average length", p[0], p[1]), func(ws []string, _ string) query.Query { return v.any(ws, 0) })
	}
}

// wholeSciFact builds the whole corpus on disk, and measures the text
// field's real average length in tokens.
func wholeSciFact(t *testing.T, set *scifact.Set) (*Index, float64) {
	papers := make([]store.Paper, len(set.Docs))
	for i, d := range set.Docs {
		papers[i] = store.Paper{PMID: d.ID, Title: d.Title, Abstract: []store.Section{{Text: d.Text}}, Origin: store.OriginImported}
	}
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: t.TempDir(), Fingerprint: "scifact"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	<-ix.Prepared()
	tokens := 0
	lib.Each(func(_ int, p *store.Paper) error {
		d := newDocument(lib, p)
		tokens += len(ix.analyzer.Analyze([]byte(d.Text)))
		return nil
	})
	return ix, float64(tokens) / float64(lib.Len())
}

type variantRun struct {
	t       *testing.T
	ix      *Index
	set     *scifact.Set
	queries []scifact.Query
	words   map[string][]string
	ctx     context.Context // carries BM25 statistics, when set
}

func (v *variantRun) run(name string, build func(words []string, claim string) query.Query) {
	ctx := v.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	ranked := map[string][]string{}
	for _, q := range v.queries {
		if len(v.words[q.ID]) == 0 {
			continue
		}
		c, err := v.ix.collect(ctx, build(v.words[q.ID], q.Text), Request{}, 100)
		if err != nil {
			v.t.Fatalf("%s, claim %s: %v", name, q.ID, err)
		}
		for _, h := range c.ranked() {
			ranked[q.ID] = append(ranked[q.ID], v.ix.lib.PMID(int(h.pos)))
		}
	}
	s := v.set.Evaluate(v.queries, ranked)
	v.t.Logf("%-52s nDCG@10 %.3f  Recall@100 %.3f", name, s.NDCG10, s.Recall100)
}

// wordQueries searches each word in the text field and, with a title
// boost, in the title too.
func (v *variantRun) wordQueries(words []string, title float64) []query.Query {
	var out []query.Query
	for _, w := range words {
		m := bleve.NewMatchQuery(w)
		m.SetField(FieldText)
		out = append(out, m)
		if title > 0 {
			tq := bleve.NewMatchQuery(w)
			tq.SetField(FieldTitle)
			tq.SetBoost(title)
			out = append(out, tq)
		}
	}
	return out
}

func (v *variantRun) any(words []string, title float64) query.Query {
	return bleve.NewDisjunctionQuery(v.wordQueries(words, title)...)
}

// withPairs adds, as optional phrases, every two neighbouring words of the
// claim that both search for something.
func (v *variantRun) withPairs(words []string, claim string) query.Query {
	b := bleve.NewBooleanQuery()
	b.AddMust(v.any(words, 0))
	ws := scifact.Words(claim)
	for i := 0; i+1 < len(ws); i++ {
		if len(v.ix.Terms(ws[i])) > 0 && len(v.ix.Terms(ws[i+1])) > 0 {
			p := bleve.NewMatchPhraseQuery(ws[i] + " " + ws[i+1])
			p.SetField(FieldText)
			p.SetBoost(0.25)
			b.AddShould(p)
		}
	}
	return b
}

// feedback is pseudo-relevance feedback: the terms that weigh most (share
// of the paper's tokens times idf) in the first ranking's best papers are
// added to the query at a low boost.
func (v *variantRun) feedback(words []string, papers, terms int, boost float64) query.Query {
	c, err := v.ix.collect(context.Background(), v.any(words, 0), Request{}, papers)
	if err != nil {
		v.t.Fatal(err)
	}
	inQuery := map[string]bool{}
	for _, w := range words {
		for _, term := range v.ix.Terms(w) {
			inQuery[term] = true
		}
	}
	weight := map[string]float64{}
	for _, h := range c.ranked() {
		p, err := v.ix.lib.PaperAt(int(h.pos))
		if err != nil {
			v.t.Fatal(err)
		}
		toks := v.ix.analyzer.Analyze([]byte(p.Title + "\n" + p.Text()))
		for _, tok := range toks {
			weight[string(tok.Term)] += 1 / float64(len(toks))
		}
	}
	var list []string
	for term := range weight {
		if !inQuery[term] && len(term) > 2 {
			list = append(list, term)
		}
	}
	dict, err := v.ix.openDictionary()
	if err != nil {
		v.t.Fatal(err)
	}
	df, err := dict.counts(list)
	dict.close()
	if err != nil {
		v.t.Fatal(err)
	}
	n := float64(v.ix.lib.Len())
	for _, term := range list {
		weight[term] *= math.Log(n / float64(1+df[term]))
	}
	sort.Slice(list, func(i, j int) bool { return weight[list[i]] > weight[list[j]] })
	qs := v.wordQueries(words, 0)
	for _, term := range list[:min(terms, len(list))] {
		tq := bleve.NewTermQuery(term)
		tq.SetField(FieldText)
		tq.SetBoost(boost)
		qs = append(qs, tq)
	}
	return bleve.NewDisjunctionQuery(qs...)
}
