package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbrev is a short form a text defines, with the concepts its long form
// names (none when the recogniser does not know the long form).
type abbrev struct {
	tokens []string // the short form's tokens, case kept
	ids    []string
}

// at reports whether the short form's tokens start at token i.
func (a abbrev) at(text string, spans []span, i int) bool {
	if i+len(a.tokens) > len(spans) {
		return false
	}
	for k, t := range a.tokens {
		sp := spans[i+k]
		if text[sp.start:sp.end] != t {
			return false
		}
	}
	return true
}

// abbreviations finds the "long form (SF)" definitions of text (Schwartz
// and Hearst 2003) and resolves each long form through the dictionary: the
// short form means what a name ending at the long form's last word means.
func (r *Recogniser) abbreviations(text string, tn *tokenNums) []abbrev {
	var out []abbrev
	for p := 0; p < len(text); {
		k := strings.IndexByte(text[p:], '(')
		if k < 0 {
			break
		}
		open := p + k
		p = open + 1
		sf, ok := shortFormAt(text, open)
		if !ok {
			continue
		}
		sfToks := tokensOf(sf, nil)
		if len(sfToks) == 0 || defined(out, sfToks) {
			continue
		}
		from, first, last, ok := longFormTokens(text, tn.spans, open, sf)
		if !ok {
			continue
		}
		out = append(out, abbrev{tokens: sfToks, ids: r.meaningOf(text, tn, from, first, last)})
	}
	return out
}

func defined(list []abbrev, toks []string) bool {
	for _, a := range list {
		if strings.Join(a.tokens, " ") == strings.Join(toks, " ") {
			return true
		}
	}
	return false
}

// meaningOf returns the concepts of the longest name that ends exactly at
// token last and starts at or before token first (where Schwartz and
// Hearst's long form starts: their shortest long form of "alopecia areata
// (AA)" is "areata", so the dictionary decides how far back it reaches),
// but not before token from (the window's start).
func (r *Recogniser) meaningOf(text string, tn *tokenNums, from, first, last int) []string {
	for j := from; j <= first; j++ {
		n, ids, _ := r.matchAt(text, tn, nil, j)
		if n > 0 && j+n-1 == last && len(ids) > 0 {
			return ids
		}
	}
	return nil
}

// shortFormAt reads the short form inside the parenthesis opening at open:
// 2 to 10 characters, at most two words, starting with a letter or digit
// and holding a letter; a part after ";" or "," is left out ("AA; n = 12").
func shortFormAt(text string, open int) (string, bool) {
	closeAt := strings.IndexByte(text[open+1:], ')')
	if closeAt < 0 || closeAt > 40 {
		return "", false
	}
	inner := text[open+1 : open+1+closeAt]
	if strings.ContainsRune(inner, '(') {
		return "", false
	}
	if k := strings.IndexAny(inner, ";,"); k >= 0 {
		inner = inner[:k]
	}
	inner = strings.TrimSpace(inner)
	n := utf8.RuneCountInString(inner)
	if n < 2 || n > 10 || len(strings.Fields(inner)) > 2 {
		return "", false
	}
	first, _ := utf8.DecodeRuneInString(inner)
	if !unicode.IsLetter(first) && !unicode.IsDigit(first) {
		return "", false
	}
	if strings.IndexFunc(inner, unicode.IsLetter) < 0 {
		return "", false
	}
	return inner, true
}

// longFormTokens finds the long form of sf before the parenthesis at open
// and returns the window's first token and the long form's first and last
// tokens. The long form is searched
// within min(|SF|+5, 2|SF|) words before the parenthesis: every letter and
// digit of the short form must appear in it in order, right to left, and
// the short form's first character must start a word.
func longFormTokens(text string, spans []span, open int, sf string) (int, int, int, bool) {
	last := -1
	for last+1 < len(spans) && spans[last+1].end <= open {
		last++
	}
	if last < 0 {
		return 0, 0, 0, false
	}
	sfLen := utf8.RuneCountInString(sf)
	maxWords := min(sfLen+5, 2*sfLen)
	first := max(0, last-maxWords+1)
	// Stop at a sentence or clause boundary between the words.
	for j := last; j > first; j-- {
		if gap := text[spans[j-1].end:spans[j].start]; strings.ContainsAny(gap, ".;:()[]") {
			first = j
			break
		}
	}
	lf := strings.ToLower(text[spans[first].start:spans[last].end])
	start, ok := bestLongForm(strings.ToLower(sf), lf)
	if !ok {
		return 0, 0, 0, false
	}
	from, startByte := first, spans[first].start+start
	for first <= last && spans[first].end <= startByte {
		first++
	}
	if first > last || strings.EqualFold(text[spans[first].start:spans[last].end], sf) {
		return 0, 0, 0, false
	}
	return from, first, last, true
}

// bestLongForm is Schwartz and Hearst's matching of short form s against
// candidate long form l (both lower case): it returns the byte offset in l
// where the long form starts.
func bestLongForm(s, l string) (int, bool) {
	si, li := len(s)-1, len(l)-1
	for si >= 0 {
		c := s[si]
		if !isASCIIAlnum(c) {
			si--
			continue
		}
		for li >= 0 && (l[li] != c || (si == 0 && li > 0 && isASCIIAlnum(l[li-1]))) {
			li--
		}
		if li < 0 {
			return 0, false
		}
		li--
		si--
	}
	return strings.LastIndexByte(l[:li+1], ' ') + 1, true
}

func isASCIIAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c >= utf8.RuneSelf
}
