package store

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tagger recognises lexicon entities in free text.
//
// It is a dictionary automaton over word tokens: a trie keyed by tokens, walked
// from every token start, keeping the longest match. Tokens are runs of letters
// and digits, so matches always fall on word boundaries ("AA" never matches
// inside "AAV" or "aaa"). Names, synonyms, brands and codes match regardless of
// case; abbreviations match only with their exact case, because short upper-case
// abbreviations collide with ordinary words when case is ignored.
type Tagger struct {
	folded *trieNode // case-folded tokens: names, synonyms, brands, codes
	exact  *trieNode // exact-case tokens: abbreviations
}

type trieNode struct {
	next map[string]*trieNode
	ids  []string // entity IDs ending here
}

func newTrieNode() *trieNode { return &trieNode{next: map[string]*trieNode{}} }

func (n *trieNode) insert(tokens []string, id string) {
	for _, t := range tokens {
		child, ok := n.next[t]
		if !ok {
			child = newTrieNode()
			n.next[t] = child
		}
		n = child
	}
	for _, have := range n.ids {
		if have == id {
			return
		}
	}
	n.ids = append(n.ids, id)
}

// NewTagger builds a tagger over the given entities.
func NewTagger(entities []Entity) *Tagger {
	t := &Tagger{folded: newTrieNode(), exact: newTrieNode()}
	for _, e := range entities {
		for _, name := range e.Names() {
			tokens := foldTokens(Tokenize(name))
			if len(tokens) == 0 {
				continue
			}
			t.folded.insert(tokens, e.ID)
			if plural, ok := pluralOf(tokens); ok {
				t.folded.insert(plural, e.ID)
			}
		}
		for _, abbr := range e.Abbreviations {
			if tokens := Tokenize(abbr); len(tokens) > 0 {
				t.exact.insert(tokens, e.ID)
			}
		}
	}
	return t
}

// pluralOf returns the name with an English plural on its last word, so that
// "statin" also finds "statins". Names ending in s, or whose last token is a
// number or too short to be a word, have none.
func pluralOf(tokens []string) ([]string, bool) {
	last := tokens[len(tokens)-1]
	if utf8.RuneCountInString(last) < 4 || strings.HasSuffix(last, "s") || !isWordToken(last) {
		return nil, false
	}
	out := append([]string(nil), tokens...)
	out[len(out)-1] = last + "s"
	return out, true
}

func isWordToken(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// Tag returns the sorted, de-duplicated IDs of the entities found in text.
func (t *Tagger) Tag(text string) []string {
	seen := map[string]bool{}
	tokens := Tokenize(text)
	folded := foldTokens(append([]string(nil), tokens...))
	for i := 0; i < len(tokens); {
		i += t.matchAt(tokens, folded, i, seen)
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// matchAt records the leftmost-longest match starting at token i, from either
// trie, and returns how many tokens to advance: the match's length, or 1.
// Consuming the matched tokens keeps "frontal fibrosing alopecia" from also
// yielding "alopecia".
func (t *Tagger) matchAt(tokens, folded []string, i int, seen map[string]bool) int {
	foldedLen, foldedIDs := t.folded.longestAt(folded, i)
	exactLen, exactIDs := t.exact.longestAt(tokens, i)
	n := max(foldedLen, exactLen)
	if n == 0 {
		return 1
	}
	if foldedLen == n {
		for _, id := range foldedIDs {
			seen[id] = true
		}
	}
	if exactLen == n {
		for _, id := range exactIDs {
			seen[id] = true
		}
	}
	return n
}

// longestAt walks the trie from tokens[i] and returns the length and IDs of
// the longest entry that ends on a token boundary.
func (n *trieNode) longestAt(tokens []string, i int) (int, []string) {
	bestLen, best := 0, []string(nil)
	node := n
	for j := i; j < len(tokens); j++ {
		child, ok := node.next[tokens[j]]
		if !ok {
			break
		}
		node = child
		if len(node.ids) > 0 {
			bestLen, best = j-i+1, node.ids
		}
	}
	return bestLen, best
}

// Tokenize splits text into runs of letters and digits. Everything else
// (spaces, hyphens, slashes, punctuation) separates tokens.
func Tokenize(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func foldTokens(tokens []string) []string {
	for i, t := range tokens {
		tokens[i] = strings.ToLower(t)
	}
	return tokens
}
