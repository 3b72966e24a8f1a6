package main

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"github.com/follicle/follicle/store"
)

// query is one benchmark query of a class.
type query struct {
	class, text string
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
			qs = append(qs, query{class, t})
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
		or = append(or, m[i]+" "+l[i%len(l)])
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
	return qs
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
