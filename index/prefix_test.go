package index

import (
	"context"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPrefixSpans: the words a typing prefix highlights are the tokens
// Bleve would index with a term starting with it: whole tokens (a
// possessive included), any case, no stop words.
func TestPrefixSpans(t *testing.T) {
	analyzer := NewMapping().AnalyzerNamed(en.AnalyzerName)
	cases := []struct {
		text     string
		prefixes []string
		want     []string
	}{
		{"Patients and patient's outcomes", []string{"pati"}, []string{"Patients", "patient's"}},
		{"the therapy, then THERAPEUTIC", []string{"the"}, []string{"therapy", "THERAPEUTIC"}},
		{"Écart and écrit", []string{"éc"}, []string{"Écart", "écrit"}},
		{"non-patients (patients)", []string{"pati"}, []string{"patients", "patients"}},
		{"nothing here", []string{"pati"}, nil},
		{"alopecia areata", []string{"are", "alo"}, []string{"alopecia", "areata"}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range prefixSpans(c.text, c.prefixes, analyzer) {
			got = append(got, c.text[s.Start:s.End])
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q with %q: %q, want %q", c.text, c.prefixes, got, c.want)
		}
	}
}

// TestTypingWordMatchesUnion: the word being typed matches the papers of
// the word as typed and of its completions, alone and under a filter (which
// advances the merge from outside); a paper with both scores both, one
// with a completion only scores the constant.
func TestTypingWordMatchesUnion(t *testing.T) {
	ix := mappedDiskIndex(t, realLibrary(t), 2)
	for _, word := range []string{"effect", "patients", "gene", "ther"} {
		t.Run(word, func(t *testing.T) {
			union := map[string]bool{}
			for _, q := range []query.Query{bleve.NewMatchQuery(word), bleve.NewPrefixQuery(word)} {
				req := bleve.NewSearchRequestOptions(q, maxWindow, 0, false)
				res, err := ix.whole.Search(req)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					union[h.ID] = true
				}
			}
			all, err := ix.Search(context.Background(), Request{Text: word, Prefix: true, Limit: maxWindow})
			if err != nil {
				t.Fatal(err)
			}
			if all.Total != len(union) || len(union) == 0 {
				t.Fatalf("%d matches, want the %d of the word and its completions", all.Total, len(union))
			}
			var recent int
			for id := range union {
				if p, err := ix.lib.Paper(id); err == nil && p.Year >= 2015 {
					recent++
				}
			}
			filtered, err := ix.Search(context.Background(), Request{Text: word, Prefix: true, YearFrom: 2015, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if filtered.Total != recent {
				t.Fatalf("from 2015: %d matches, want %d", filtered.Total, recent)
			}
		})
	}
}

// TestPatternsScoreConstant: a pattern matches what its terms match, in any
// case, and every match scores the same (the order is then year, PMID).
func TestPatternsScoreConstant(t *testing.T) {
	ix := mappedDiskIndex(t, realLibrary(t), 1)
	for _, text := range []string{"th*", "Mutat*", "mu?at*", "title:gen*"} {
		res, err := ix.Search(context.Background(), Request{Text: text, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) < 2 {
			t.Fatalf("%q: %d hits", text, len(res.Hits))
		}
		for _, h := range res.Hits[1:] {
			if h.Score != res.Hits[0].Score {
				t.Fatalf("%q: scores %v and %v differ", text, res.Hits[0].Score, h.Score)
			}
		}
	}
	upper, err := ix.Search(context.Background(), Request{Text: "MUTAT*"})
	if err != nil {
		t.Fatal(err)
	}
	lower, err := ix.Search(context.Background(), Request{Text: "mutat*"})
	if err != nil {
		t.Fatal(err)
	}
	if upper.Total != lower.Total || upper.Total == 0 {
		t.Fatalf("MUTAT* found %d, mutat* %d", upper.Total, lower.Total)
	}
}

// TestPhraseOfOneWord: a phrase that analyses to one word (its other words
// are stop words) finds what the word finds, highlighted, and a phrase of
// stop words only finds nothing.
func TestPhraseOfOneWord(t *testing.T) {
	ix := mappedDiskIndex(t, realLibrary(t), 1)
	for _, c := range []struct{ phrase, word string }{{`"analysis with"`, `"analysis"`}, {`"the mutations"`, `"mutations"`}, {`title:"of cancer"`, "title:cancer"}} {
		got, err := ix.Search(context.Background(), Request{Text: c.phrase, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		want, err := ix.Search(context.Background(), Request{Text: c.word, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || got.Total == 0 || len(got.Hits[0].TitleSpans)+len(got.Hits[0].TextSpans) == 0 {
			t.Errorf("%s: %d papers (first with spans %v %v), %s: %d", c.phrase, got.Total,
				got.Hits[0].TitleSpans, got.Hits[0].TextSpans, c.word, want.Total)
		}
	}
	none, err := ix.Search(context.Background(), Request{Text: `"of the"`})
	if err != nil || none.Total != 0 {
		t.Fatalf(`"of the": %d papers, %v`, none.Total, err)
	}
}
