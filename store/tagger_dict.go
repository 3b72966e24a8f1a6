package store

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Recogniser finds the names of many concepts in text: a dictionary
// automaton over word tokens (a trie whose edges are interned tokens, held
// in one hash map), walked from every token start, keeping the longest
// match, so matches fall on token boundaries and "frontal fibrosing
// alopecia" never also yields "alopecia". It is built for vocabularies of
// 100,000 names and more and for thousands of abstracts a second.
//
// Names match regardless of case, of hyphens and spacing ("anti-TNF",
// "anti TNF", "antiTNF") and of a plural on any word ("seizures" finds
// "seizure"); a short name written in capitals ("AIDS", "5-FU") matches only
// in capitals, since "aids" is a word. Abbreviations that a text defines
// ("alopecia areata (AA)") mean, within that text, what their long form
// means (Schwartz and Hearst's algorithm), and an abbreviation defined as
// something the recogniser does not know blocks its dictionary meaning.
//
// A Recogniser is only read after it is built: safe for concurrent use.
type Recogniser struct {
	folded trie // lower-cased, singular tokens
	exact  trie // short all-capital names, case kept
	ids    []string
	names  int
}

// DictName is one name a Recogniser knows, for concept ID. Rank orders the
// meanings of a name several concepts share: only the lowest rank's
// concepts are reported (0 for a preferred name, higher for synonyms and
// learned names).
type DictName struct {
	Text string
	ID   string
	Rank uint8
}

// Match is one recognised mention: byte offsets in the text and the IDs of
// the concepts it names.
type Match struct {
	Start, End int
	IDs        []string
	Abbrev     bool // matched through an abbreviation the text defined
}

type trie struct {
	tokens  map[string]uint32 // token → token number (from 1)
	edges   map[uint64]uint32 // node<<32 | token number → child node (below the root)
	root    []uint32          // token number → child of the root (0: none)
	ends    []int32           // node → index in endList, or -1
	endList []end             // the concepts a name ending at a node names
	nodes   uint32
}

type end struct {
	rank uint8
	ids  []int32
}

func newTrie() trie {
	return trie{tokens: map[string]uint32{}, edges: map[uint64]uint32{}, root: []uint32{0}, ends: []int32{-1}, nodes: 1}
}

// NewRecogniser builds a recogniser over names, leaving out names of fewer
// than three letters and digits, names that are only a number, and
// one-word names on the stop list (stop may be nil: DefaultStopWords).
func NewRecogniser(names []DictName, stop map[string]bool) *Recogniser {
	if stop == nil {
		stop = DefaultStopWords
	}
	r := &Recogniser{folded: newTrie(), exact: newTrie()}
	idNum := map[string]int32{}
	var toks []string
	for _, n := range names {
		toks = tokensOf(n.Text, toks[:0])
		if !usableName(toks, stop) {
			continue
		}
		id, ok := idNum[n.ID]
		if !ok {
			id = int32(len(r.ids))
			idNum[n.ID] = id
			r.ids = append(r.ids, n.ID)
		}
		r.names++
		if isShortCapitals(toks) {
			r.exact.insert(toks, id, n.Rank)
			continue
		}
		folded := make([]string, len(toks))
		for i, t := range toks {
			folded[i] = normToken(t)
		}
		rank := n.Rank
		if last := toks[len(toks)-1]; folded[len(folded)-1] != strings.ToLower(last) {
			rank++ // a plural name ("Amphetamines") yields to its singular
		}
		r.folded.insert(folded, id, rank)
		if joined := joinedHyphens(n.Text); len(joined) > 0 && len(joined) < len(folded) {
			r.folded.insert(joined, id, n.Rank+1)
		}
	}
	return r
}

// Names is how many names the recogniser holds.
func (r *Recogniser) Names() int { return r.names }

// joinedHyphens returns a name's tokens with its hyphenated words written
// as one ("Anti-Inflammatory Agents" → "antiinflammatory", "agent").
func joinedHyphens(name string) []string {
	if !strings.Contains(name, "-") {
		return nil
	}
	var out []string
	for _, w := range strings.Fields(name) {
		if t := strings.Join(tokensOf(w, nil), ""); t != "" {
			out = append(out, normToken(t))
		}
	}
	return out
}

func usableName(toks []string, stop map[string]bool) bool {
	if len(toks) == 0 {
		return false
	}
	chars, letters := 0, 0
	for _, t := range toks {
		for _, c := range t {
			chars++
			if unicode.IsLetter(c) {
				letters++
			}
		}
	}
	if chars < 3 || letters == 0 {
		return false
	}
	return len(toks) > 1 || (!stop[strings.ToLower(toks[0])] && !stop[normToken(toks[0])])
}

// isShortCapitals reports whether a name is a short form written with
// capitals: at most six letters and digits, two or more of them capitals
// ("AIDS", "5-FU", "HIV-1", "SAMe"): such names match only as written.
func isShortCapitals(toks []string) bool {
	chars, upper := 0, 0
	for _, t := range toks {
		for _, c := range t {
			chars++
			if unicode.IsUpper(c) {
				upper++
			}
		}
	}
	return chars <= 6 && upper >= 2
}

func (t *trie) insert(toks []string, id int32, rank uint8) {
	node := uint32(0)
	for _, tok := range toks {
		num, ok := t.tokens[tok]
		if !ok {
			num = uint32(len(t.tokens) + 1)
			t.tokens[tok] = num
			t.root = append(t.root, 0)
		}
		node = t.child(node, num)
	}
	var e end
	ok := t.ends[node] >= 0
	if ok {
		e = t.endList[t.ends[node]]
	}
	switch {
	case !ok || rank < e.rank:
		e = end{rank: rank, ids: []int32{id}}
	case rank == e.rank:
		for _, have := range e.ids {
			if have == id {
				return
			}
		}
		e.ids = append(e.ids, id)
	default:
		return
	}
	if !ok {
		t.ends[node] = int32(len(t.endList))
		t.endList = append(t.endList, e)
		return
	}
	t.endList[t.ends[node]] = e
}

// child returns (making it if needed) node's child on token number num.
func (t *trie) child(node, num uint32) uint32 {
	if node == 0 && t.root[num] != 0 {
		return t.root[num]
	}
	key := uint64(node)<<32 | uint64(num)
	if node != 0 {
		if c, ok := t.edges[key]; ok {
			return c
		}
	}
	c := t.nodes
	t.nodes++
	t.ends = append(t.ends, -1)
	if node == 0 {
		t.root[num] = c
	} else {
		t.edges[key] = c
	}
	return c
}

// normToken folds a token for the case-insensitive trie: lower case, and
// an English plural taken off ("seizures" → "seizure", "therapies" →
// "therapy"); words ending in ss, us or is keep their s.
func normToken(t string) string {
	return string(spellingVariant([]byte(pluralFree(lowerASCII(t)))))
}

// pluralFree takes an English plural off a lower-case token.
func pluralFree(t string) string {
	n := len(t)
	if n < 4 || t[n-1] != 's' {
		return t
	}
	switch {
	case strings.HasSuffix(t, "ies") && n >= 5:
		return t[:n-3] + "y"
	case strings.HasSuffix(t, "ss"), strings.HasSuffix(t, "us"), strings.HasSuffix(t, "is"):
		return t
	}
	return t[:n-1]
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
		if 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// tokensOf appends the tokens of s (runs of letters and digits) to dst.
func tokensOf(s string, dst []string) []string {
	for _, sp := range tokenSpans(s, nil) {
		dst = append(dst, s[sp.start:sp.end])
	}
	return dst
}

type span struct{ start, end int }

// tokenSpans appends the byte spans of the runs of letters and digits of s.
func tokenSpans(s string, dst []span) []span {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		var alnum bool
		size := 1
		if c < utf8.RuneSelf {
			alnum = ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			alnum = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if alnum && start < 0 {
			start = i
		} else if !alnum && start >= 0 {
			dst = append(dst, span{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, span{start, len(s)})
	}
	return dst
}

// IDsOf returns the sorted, de-duplicated concept IDs of matches.
func IDsOf(matches []Match) []string {
	var out []string
	for _, m := range matches {
		out = append(out, m.IDs...)
	}
	sort.Strings(out)
	return compactStrings(out)
}

func compactStrings(s []string) []string {
	if len(s) == 0 {
		return s
	}
	out := s[:1]
	for _, x := range s[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}
