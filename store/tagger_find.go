package store

import (
	"unicode/utf8"
)

// tokenNums is a text's tokens as the two tries number them (0: a token no
// name holds, where no match can start or continue).
type tokenNums struct {
	spans  []span
	folded []uint32
	exact  []uint32
}

func (r *Recogniser) number(text string) tokenNums {
	spans := tokenSpans(text, make([]span, 0, len(text)/6))
	tn := tokenNums{spans: spans, folded: make([]uint32, len(spans)), exact: make([]uint32, len(spans))}
	var buf []byte
	for i, sp := range spans {
		tok := text[sp.start:sp.end]
		buf = appendNorm(buf[:0], tok)
		buf = spellingVariant(buf)
		tn.folded[i] = r.folded.tokens[string(buf)]
		if mayBeExact(tok) {
			tn.exact[i] = r.exact.tokens[tok]
		}
	}
	return tn
}

// mayBeExact reports whether tok can be a token of a short capitals name:
// at most six bytes, with a capital or a digit (most words are neither,
// and skip a map look-up).
func mayBeExact(tok string) bool {
	if len(tok) > 6*utf8.UTFMax {
		return false
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// appendNorm appends normToken(tok) to buf without allocating for ASCII.
func appendNorm(buf []byte, tok string) []byte {
	for i := 0; i < len(tok); i++ {
		if tok[i] >= utf8.RuneSelf {
			return append(buf, normToken(tok)...)
		}
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	n := len(buf)
	if n < 4 || buf[n-1] != 's' {
		return buf
	}
	switch {
	case n >= 5 && buf[n-3] == 'i' && buf[n-2] == 'e':
		return append(buf[:n-3], 'y')
	case buf[n-2] == 's' || buf[n-2] == 'u' || buf[n-2] == 'i':
		return buf
	}
	return buf[:n-1]
}

// longest walks t from token i and returns the length in tokens and the
// ending node of the longest name that starts there.
func (t *trie) longest(nums []uint32, i int) (int, end) {
	bestLen, best := 0, end{}
	if i >= len(nums) || nums[i] == 0 {
		return 0, best
	}
	node := t.root[nums[i]]
	for j := i; node != 0; {
		if k := t.ends[node]; k >= 0 {
			bestLen, best = j-i+1, t.endList[k]
		}
		j++
		if j >= len(nums) || nums[j] == 0 {
			break
		}
		node = t.edges[uint64(node)<<32|uint64(nums[j])]
	}
	return bestLen, best
}

// Find returns the mentions of known names in text, left to right, the
// longest at each place.
func (r *Recogniser) Find(text string) []Match {
	tn := r.number(text)
	abbrevs := r.abbreviations(text, &tn)
	var out []Match
	for i := 0; i < len(tn.spans); {
		n, ids, isAbbrev := r.matchAt(text, &tn, abbrevs, i)
		if n == 0 {
			i++
			continue
		}
		if len(ids) > 0 {
			out = append(out, Match{Start: tn.spans[i].start, End: tn.spans[i+n-1].end, IDs: ids, Abbrev: isAbbrev})
		}
		i += n
	}
	return out
}

// matchAt returns the longest match at token i: its length in tokens and
// its concept IDs (none for an abbreviation the text defined as something
// unknown, which still consumes its tokens).
func (r *Recogniser) matchAt(text string, tn *tokenNums, abbrevs []abbrev, i int) (int, []string, bool) {
	for _, a := range abbrevs {
		if a.at(text, tn.spans, i) {
			return len(a.tokens), a.ids, true
		}
	}
	fn, fe := r.folded.longest(tn.folded, i)
	en, ee := r.exact.longest(tn.exact, i)
	n := max(fn, en)
	if n == 0 {
		return 0, nil, false
	}
	var ids []string
	if fn == n {
		ids = r.appendIDs(ids, fe.ids)
	}
	if en == n && (fn != n || ee.rank <= fe.rank) {
		if fn == n && ee.rank < fe.rank {
			ids = ids[:0]
		}
		ids = r.appendIDs(ids, ee.ids)
	}
	return n, ids, false
}

func (r *Recogniser) appendIDs(dst []string, ids []int32) []string {
	for _, id := range ids {
		s := r.ids[id]
		dup := false
		for _, have := range dst {
			dup = dup || have == s
		}
		if !dup {
			dst = append(dst, s)
		}
	}
	return dst
}

// tokenSynonyms are words that name the same organ in disease names
// ("renal failure" is "Kidney Failure", "cardiac arrest" "Heart Arrest").
var tokenSynonyms = map[string]string{
	"renal": "kidney", "hepatic": "liver", "cardiac": "heart", "pulmonary": "lung",
	"tumour": "tumor", "gastric": "stomach", "cutaneous": "skin",
}

// spellingVariant folds British spellings (ae, oe: "haemorrhage",
// "oedema", "leukaemia") to American and organ adjectives to their nouns,
// the same way for names and for text.
func spellingVariant(b []byte) []byte {
	for i := 0; i+1 < len(b); i++ {
		if (b[i] == 'a' || b[i] == 'o') && b[i+1] == 'e' && len(b) > 4 {
			b = append(b[:i], b[i+1:]...)
		}
	}
	if len(b) >= 5 && len(b) <= 9 {
		if to, ok := tokenSynonyms[string(b)]; ok {
			return append(b[:0], to...)
		}
	}
	return b
}
