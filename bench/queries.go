package main

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// query is one benchmark query of a class. The variant classes (sorted by
// year, deep pages, facet filters) are Follicle's only: the FTS5 peer has
// no facets, and its sort is bm25.
type query struct {
	class, text string
	sort        index.Sort
	offset      int
	facets      facetFilter
}

// facetFilter is a value of each of the three facets the panes filter by.
type facetFilter struct {
	condition, drug string
	yearFrom        int
}

// maxPageOffset is the deepest page a search may ask for (index.maxWindow
// less one page of 50).
const maxPageOffset = 10000 - 50

// variantSuffixes name the variants of a class.
var variantSuffixes = []string{"-newest-page2", "-page50", "-filtered"}

// variants adds, for every query of the taxonomy's classes, the same query
// sorted newest first on page 2, on page 50 (relevance), and filtered by
// the three facets: the library's most common condition and drug and its
// later years.
func variants(qs []query, f facetFilter) []query {
	var out []query
	for _, q := range qs {
		if q.class == "capped" {
			out = append(out, query{class: "capped-page200", text: q.text, offset: maxPageOffset})
			continue
		}
		out = append(out,
			query{class: q.class + variantSuffixes[0], text: q.text, sort: index.SortNewest, offset: 50},
			query{class: q.class + variantSuffixes[1], text: q.text, offset: 49 * 50},
			query{class: q.class + variantSuffixes[2], text: q.text, facets: f})
	}
	return append(qs, out...)
}

// peerless reports whether a class runs on Follicle only.
func (q query) peerless() bool {
	if q.class == "fuzzy" || q.class == "everything" || strings.HasPrefix(q.class, "capped") {
		return true
	}
	for _, s := range variantSuffixes {
		if strings.HasSuffix(q.class, s) {
			return true
		}
	}
	return false
}

// baseClass is the taxonomy class a variant belongs to.
func (q query) baseClass() string {
	for _, s := range variantSuffixes {
		if c, ok := strings.CutSuffix(q.class, s); ok {
			return c
		}
	}
	return q.class
}

// querySet follows the search-benchmark taxonomy: terms by document
// frequency (high > 20%, mid 1-5%, low < 0.5%), phrases, AND, OR, NOT,
// prefix as typed, fuzzy and field queries; drawn reproducibly from the
// corpus itself.
func querySet(papers []store.Paper, perClass int, seed uint64) []query {
	df := map[string]int{}
	for i := range papers {
		seen := map[string]bool{}
		for _, w := range words(papers[i].Title + " " + papers[i].Text()) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	n := float64(len(papers))
	var high, mid, low []string
	for w, c := range df {
		f := float64(c) / n
		switch {
		case f > 0.20:
			high = append(high, w)
		case f >= 0.01 && f <= 0.05:
			mid = append(mid, w)
		case f < 0.005 && c >= 2:
			low = append(low, w)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	pick := func(from []string) []string {
		sort.Strings(from)
		rng.Shuffle(len(from), func(i, j int) { from[i], from[j] = from[j], from[i] })
		return from[:min(perClass, len(from))]
	}
	var qs []query
	add := func(class string, texts []string) {
		for _, t := range texts {
			qs = append(qs, query{class: class, text: t})
		}
	}
	h, m, l := pick(high), pick(mid), pick(low)
	add("term-high", h)
	add("term-mid", m)
	add("term-low", l)
	var and, or, not, prefix, fuzzy, field []string
	for i := range m {
		j := (i + 1) % len(m)
		and = append(and, "+"+m[i]+" +"+m[j])
		or = append(or, m[i]+" OR "+l[i%len(l)]) // words side by side are AND
		not = append(not, "+"+m[i]+" -"+h[i%len(h)])
		prefix = append(prefix, m[i][:min(4, len(m[i]))])
		fuzzy = append(fuzzy, m[i]+"~1")
		field = append(field, "title:"+m[i])
	}
	add("and", and)
	add("or", or)
	add("not", not)
	add("prefix", prefix)
	add("fuzzy", fuzzy)
	add("field", field)
	add("phrase", phrases(papers, perClass, rng))
	add("capped", cappedQueries(df, h, m))
	return qs
}

// cappedQueries are the costliest forms the query guard still lets through
// (wider ones are refused or reduced; see index/guard.go): the most terms a
// query may have, each frequent; a wildcard with the fewest letters before
// its *; edit distance 2 on the shortest word allowed it; and, in variants,
// the deepest page. None may take longer than 250 ms.
func cappedQueries(df map[string]int, high, mid []string) []string {
	words := make([]string, 0, len(df))
	for w := range df {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		return df[words[i]] > df[words[j]] || (df[words[i]] == df[words[j]] && words[i] < words[j])
	})
	many := strings.Join(words[:min(64, len(words))], " ")
	out := []string{many}
	for _, w := range append(append([]string{}, high...), mid...)[:min(6, len(high)+len(mid))] {
		out = append(out, w[:2]+"*")
		if len(w) >= 6 {
			out = append(out, w[:6]+"~2")
		}
	}
	return out
}

// phrases takes two-word phrases from real titles.
func phrases(papers []store.Paper, n int, rng *rand.Rand) []string {
	var out []string
	for len(out) < n {
		w := words(papers[rng.IntN(len(papers))].Title)
		if len(w) < 3 {
			continue
		}
		k := rng.IntN(len(w) - 1)
		out = append(out, `"`+w[k]+" "+w[k+1]+`"`)
	}
	return out
}

// words are the lower-case alphabetic words of at least four letters.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 4 {
			out = append(out, w)
		}
	}
	return out
}
