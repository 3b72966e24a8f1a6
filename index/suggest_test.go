package index

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/follicle/follicle/internal/scifact"
	"github.com/follicle/follicle/store"
)

// Floors of the did-you-mean measurement (go test ./index -run
// TestSuggest -v prints the figures): top-1 accuracy on one-edit typos of
// real words and names, and suggestions made for correctly spelled claims.
const (
	minTypoAccuracy     = 0.90
	maxFalseSuggestRate = 0.02
	typoWords           = 400 // typos of words of the claims that the index holds
	typoNames           = 200 // typos of the lexicon's names
	realQueries         = 500
)

func TestSuggestTypoAccuracy(t *testing.T) {
	fx := scifactIndex(t)
	ix := fx.ix
	rng := rand.New(rand.NewPCG(14, 2))
	words := typoSources(ix, claimWords(fx.queries), typoWords, rng)
	names := typoSources(ix, sortedKeys(ix.lexiconWords()), typoNames, rng)
	for _, c := range []struct {
		name    string
		sources []string
	}{{"index words", words}, {"lexicon names", names}} {
		right, total := 0, 0
		var misses []string
		for _, w := range c.sources {
			typo, ok := makeTypo(ix, w, rng)
			if !ok {
				continue
			}
			total++
			s, found, err := ix.Suggest(context.Background(), typo)
			if err != nil {
				t.Fatalf("Suggest(%q): %v", typo, err)
			}
			want, _ := ix.singleTerm(w)
			if found {
				if got, _ := ix.singleTerm(strings.ToLower(s.Text)); got == want {
					right++
					continue
				}
			}
			if len(misses) < 15 {
				misses = append(misses, typo+"→"+s.Text+" (want "+w+")")
			}
		}
		if total < 150 {
			t.Fatalf("%s: only %d typos made", c.name, total)
		}
		acc := float64(right) / float64(total)
		t.Logf("%s: top-1 accuracy %.3f (%d of %d one-edit typos); misses include %v", c.name, acc, right, total, misses)
		if acc < minTypoAccuracy {
			t.Errorf("%s: top-1 accuracy %.3f, want at least %.2f", c.name, acc, minTypoAccuracy)
		}
	}
}

// TestSuggestNothingForRealQueries runs real queries whose words are
// spelt right and held by the index, the titles of its papers as a user
// would paste them, and counts the corrections offered; the claims (whose
// words the index need not hold, and which have typos of their own:
// "microenviroment") are logged for reading.
func TestSuggestNothingForRealQueries(t *testing.T) {
	fx := scifactIndex(t)
	var titles []string
	for _, d := range fx.docs {
		if len(titles) < realQueries && strings.TrimSpace(d.Title) != "" {
			titles = append(titles, d.Title)
		}
	}
	rate, examples := suggestRate(t, fx.ix, titles)
	t.Logf("titles: corrections offered for %.3f of %d: %v", rate, len(titles), examples)
	if rate > maxFalseSuggestRate {
		t.Errorf("suggested a correction for %.3f of real titles, want at most %.2f", rate, maxFalseSuggestRate)
	}
	var claims []string
	for _, q := range fx.queries {
		claims = append(claims, q.Text)
	}
	rate, examples = suggestRate(t, fx.ix, claims)
	t.Logf("claims: corrections offered for %.3f of %d: %v", rate, len(claims), examples)
}

func suggestRate(t *testing.T, ix *Index, queries []string) (float64, []string) {
	t.Helper()
	suggested := 0
	var examples []string
	for _, q := range queries {
		s, found, err := ix.Suggest(context.Background(), q)
		if err != nil {
			t.Fatalf("Suggest(%q): %v", q, err)
		}
		if !found {
			continue
		}
		suggested++
		for _, c := range s.Corrections {
			if len(examples) < 20 {
				examples = append(examples, c.Word+"→"+c.Better)
			}
		}
	}
	return float64(suggested) / float64(max(1, len(queries))), examples
}

// claimWords are the distinct words of the claims, in order.
func claimWords(queries []scifact.Query) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range queries {
		for _, w := range scifact.Words(q.Text) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// typoSources picks up to n words of at least five letters, without digits,
// that the index finds: a typo of one still leaves a word to correct.
func typoSources(ix *Index, words []string, n int, rng *rand.Rand) []string {
	var ok []string
	for _, w := range words {
		if utf8.RuneCountInString(w) < 5 || strings.ContainsAny(w, "0123456789") {
			continue
		}
		if _, single := ix.singleTerm(w); single && ix.docFreq(w) > 0 {
			ok = append(ok, w)
		}
	}
	rng.Shuffle(len(ok), func(i, j int) { ok[i], ok[j] = ok[j], ok[i] })
	return ok[:min(n, len(ok))]
}

// makeTypo makes one random edit of w (a letter deleted, two swapped, one
// replaced or inserted) that the index does not find and that is not a
// name: the case did-you-mean is for.
func makeTypo(ix *Index, w string, rng *rand.Rand) (string, bool) {
	r := []rune(w)
	for range 20 {
		t := slices.Clone(r)
		i := rng.IntN(len(t))
		c := rune('a' + rng.IntN(26))
		switch rng.IntN(4) {
		case 0:
			t = slices.Delete(t, i, i+1)
		case 1:
			if i+1 >= len(t) || t[i] == t[i+1] {
				continue
			}
			t[i], t[i+1] = t[i+1], t[i]
		case 2:
			if t[i] == c {
				continue
			}
			t[i] = c
		default:
			t = slices.Insert(t, i, c)
		}
		typo := string(t)
		if _, single := ix.singleTerm(typo); single && ix.docFreq(typo) == 0 && !ix.lexiconWords()[typo] {
			return typo, true
		}
	}
	return "", false
}

// docFreq is how many papers hold word's term in the default field.
func (ix *Index) docFreq(word string) int {
	term, ok := ix.singleTerm(strings.ToLower(word))
	if !ok {
		return 0
	}
	dict, err := ix.openDictionary()
	if err != nil {
		return 0
	}
	defer dict.close()
	n, _ := dict.counts([]string{term})
	return n[term]
}

func TestSuggestCorrectsQueries(t *testing.T) {
	ix := papersIndex(t, []store.Paper{
		{PMID: "1", Title: "Oral minoxidil for hair loss", Abstract: []store.Section{{Text: "Low-dose oral minoxidil regrew hair in women with hair loss."}}},
		{PMID: "2", Title: "Baricitinib in alopecia areata", Abstract: []store.Section{{Text: "Baricitinib regrew scalp hair in severe alopecia areata."}}},
		{PMID: "3", Title: "Topical minoxidil", Abstract: []store.Section{{Text: "Topical minoxidil and hair loss in men."}}},
	})
	cases := []struct{ query, want string }{
		{"minoxdil", "minoxidil"},
		{"Minoxdil oral", "Minoxidil oral"},
		{"barictinib alopecia", "baricitinib alopecia"},
		{"hair lsos", "hair loss"},
		{`"alopecia aerata"`, `"alopecia areata"`},
		{"MINOXDIL", ""},
		{"minoxidil", ""},             // found
		{"drug:minoxdil", ""},         // a field value
		{"minoxdil*", ""},             // a pattern
		{"minoxdil~1", ""},            // already fuzzy
		{"mNOXDIL", ""},               // a capital inside: meant as typed
		{"zzzzzzzz", ""},              // no neighbour
		{"deuruxolitinib", ""},        // a name of the lexicon, in no paper
		{strings.Repeat("a", 50), ""}, // too long to check
	}
	for _, c := range cases {
		s, found, err := ix.Suggest(context.Background(), c.query)
		if err != nil {
			t.Fatalf("Suggest(%q): %v", c.query, err)
		}
		if got := map[bool]string{true: s.Text}[found]; got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.query, got, c.want)
		}
	}
}

func TestSuggestIsBounded(t *testing.T) {
	ix := papersIndex(t, []store.Paper{{PMID: "1", Title: "Oral minoxidil for hair loss"}})
	long := strings.Repeat("minoxdil ", 200)
	s, found, err := ix.Suggest(context.Background(), long)
	if err != nil || !found {
		t.Fatalf("Suggest(long) = %v, %v", found, err)
	}
	if len(s.Corrections) != 1 {
		t.Errorf("corrections = %d, want the one distinct word once", len(s.Corrections))
	}
	words := suggestableWords(strings.Repeat("wordx wordy wordz abcde fghij klmno pqrst uvwxy zabcd ", 20))
	if len(words) > maxSuggestWords {
		t.Errorf("checked %d words, want at most %d", len(words), maxSuggestWords)
	}
	// At most maxRareWords rare words are looked into, counted the same
	// whether remembered or new: the same query suggests the same.
	five := "minoxdil haiir losss oarl minoxidl"
	first, _, _ := ix.Suggest(context.Background(), five)
	again, _, _ := ix.Suggest(context.Background(), five)
	if first.Text != again.Text || len(first.Corrections) > maxRareWords {
		t.Errorf("Suggest(%q) = %q then %q (%d corrections): want the same, at most %d", five, first.Text, again.Text, len(first.Corrections), maxRareWords)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := ix.Suggest(ctx, "minoxdil"); err == nil {
		t.Error("Suggest with a cancelled context: no error")
	}
}

func TestSearchCarriesTheSuggestion(t *testing.T) {
	ix := papersIndex(t, []store.Paper{
		{PMID: "1", Title: "Oral minoxidil for hair loss"},
		{PMID: "2", Title: "Baricitinib in alopecia areata"},
	})
	cases := []struct {
		req  Request
		want string
	}{
		{Request{Text: "minoxdil"}, "minoxidil"},
		{Request{Text: "minoxdil", Prefix: true}, "minoxidil"},         // no word starts so: a typo, not typing
		{Request{Text: "hair minox", Prefix: true}, ""},                // still being typed
		{Request{Text: "minoxdil hai", Prefix: true}, "minoxidil hai"}, // only the last word is being typed
		{Request{Text: "minoxdil", Export: true}, ""},
		{Request{Text: "minoxidil"}, ""},
		{Request{}, ""},
	}
	for _, c := range cases {
		res, err := ix.Search(context.Background(), c.req)
		if err != nil {
			t.Fatalf("Search(%+v): %v", c.req, err)
		}
		if res.Suggestion != c.want {
			t.Errorf("Search(%+v).Suggestion = %q, want %q", c.req, res.Suggestion, c.want)
		}
	}
}

// BenchmarkSuggest is what the suggestion adds to a search: words that are
// found (the common case, every keystroke) and a typo.
func BenchmarkSuggest(b *testing.B) {
	fx := scifactIndex(b)
	for _, q := range []string{"white matter", "cerebral white matter development in preterm infants", "whte matter"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				fx.ix.suggest(context.Background(), q, true)
			}
		})
		b.Run(q+" first time", func(b *testing.B) {
			for b.Loop() {
				fx.ix.memo.mu.Lock()
				fx.ix.memo.words = nil
				fx.ix.memo.mu.Unlock()
				fx.ix.suggest(context.Background(), q, true)
			}
		})
	}
}

// TestCountsOncePerTerm: several spellings search one term ("antagons",
// "antagone"); its papers are counted once, or a rare stem outweighed the
// word meant.
func TestCountsOncePerTerm(t *testing.T) {
	ix := papersIndex(t, []store.Paper{{PMID: "1", Title: "Oral minoxidil"}, {PMID: "2", Title: "Topical minoxidil"}})
	dict, err := ix.openDictionary()
	if err != nil {
		t.Fatal(err)
	}
	defer dict.close()
	got, err := dict.counts([]string{"minoxidil", "minoxidil", "oral", "absent"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"minoxidil": 2, "oral": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("counts = %v, want %v", got, want)
	}
}

func TestSuggestionHasNoControlCharacters(t *testing.T) {
	ix := papersIndex(t, []store.Paper{{PMID: "1", Title: "Oral minoxidil for hair loss"}})
	s, found, err := ix.Suggest(context.Background(), "\x1b[1m minoxdil\x07 oral")
	if err != nil || !found {
		t.Fatalf("Suggest = %v, %v", found, err)
	}
	if s.Text != "[1m minoxidil oral" {
		t.Errorf("suggestion %q keeps a control character or lost a word", s.Text)
	}
}

// FuzzSuggest: any text, never a panic, and a suggestion only ever
// replaces words (so it is never longer than the text by more than the
// letters an insertion per word adds).
func FuzzSuggest(f *testing.F) {
	ix := papersIndex(f, []store.Paper{{PMID: "1", Title: "Oral minoxidil for hair loss"}})
	for _, s := range []string{"minoxdil", "Minoxdil~1 \"hair lsos\"", "ααααα ßßßß", "drug:minoxdil", "\xff\xfeminoxdil", strings.Repeat("minoxdil ", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, found, err := ix.Suggest(context.Background(), text)
		if err != nil {
			t.Fatalf("Suggest(%q): %v", text, err)
		}
		if found && len(s.Text) > len(text)+4*maxSuggestWords {
			t.Fatalf("Suggest(%q) = %q: longer than a few letters per word", text, s.Text)
		}
	})
}

// BenchmarkSuggestWorst is the most a query can make Suggest do: eight
// new words of the longest length checked, none in the index.
func BenchmarkSuggestWorst(b *testing.B) {
	fx := scifactIndex(b)
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		var words []string
		for range maxSuggestWords {
			w := make([]rune, maxSuggestRunes)
			for i := range w {
				w[i] = rune('a' + rng.IntN(26))
			}
			words = append(words, string(w))
		}
		fx.ix.suggest(context.Background(), strings.Join(words, " "), false)
	}
}

// TestSpellingTermIsTheAnalyzersTerm: the shortcut past the tokenizer
// gives the analyzer's own term for every spelling it takes.
func TestSpellingTermIsTheAnalyzersTerm(t *testing.T) {
	ix := papersIndex(t, []store.Paper{{PMID: "1", Title: "Oral minoxidil"}})
	words := []string{"studies", "minoxidil", "the", "running", "synergistically", "alopecia", "ααααα", "hairs", "universiblis", "a"}
	for _, w := range words {
		for _, e := range append(oneEdit(w), edit{spelling: w}) {
			got, gotOK := ix.spellingTerm(e.spelling)
			want, wantOK := ix.singleTerm(e.spelling)
			if got != want || gotOK != wantOK {
				t.Fatalf("spellingTerm(%q) = %q %v, analyzer says %q %v", e.spelling, got, gotOK, want, wantOK)
			}
		}
	}
}

// BenchmarkSuggestionShare compares, in one run, a search typed a key at a
// time (every prefix of a few real queries, as the explorer asks) with
// the suggestion computed for the same requests, the memo emptied before
// each pass so every word is new: the suggestion's share of a keystroke's
// search, at its most (a larger library makes searches slower, not the
// suggestion).
func BenchmarkSuggestionShare(b *testing.B) {
	fx := scifactIndex(b)
	var reqs []Request
	for _, q := range []string{"cerebral white matter development", "minoxidil hair loss", "vitamin d deficiency and fractures", "whte matter injry"} {
		for i := 1; i <= len(q); i++ {
			reqs = append(reqs, Request{Text: q[:i], Prefix: true, Limit: 50})
		}
	}
	ctx := context.Background()
	b.Run("search", func(b *testing.B) {
		for b.Loop() {
			for _, r := range reqs {
				if _, err := fx.ix.Search(ctx, r); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("suggestion", func(b *testing.B) {
		for b.Loop() {
			fx.ix.memo.mu.Lock()
			fx.ix.memo.words = nil
			fx.ix.memo.mu.Unlock()
			for _, r := range reqs {
				fx.ix.suggestion(ctx, r)
			}
		}
	})
}
