package index

import (
	"context"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/follicle/follicle/store"
)

// Did you mean: a word of the query that matches no paper (or only one or
// two while a word one typo away matches a hundred times more) is replaced
// by that neighbour. The candidates are the word's one-edit spellings (a
// letter deleted, swapped with the next, replaced or inserted), looked up
// in the index's own dictionary (its automata's membership test) and among
// the lexicon's names, so the suggestion is a word as a user writes it
// ("studies"), never a stem ("studi"). The most frequent candidate wins.
// Why not Bleve's fuzzy dictionary walk around the word's stem: a typo
// often stems differently from the word ("synergisticlaly" keeps its
// suffix, "synergistically" loses it), and with the walk the top-1
// accuracy on typos was 76%, against 94% now.
//
// The work is bounded whatever the query: at most maxSuggestWords words are
// checked, a word longer than maxSuggestRunes is left alone, so a word has
// at most about 55 × maxSuggestRunes candidates, each a membership test of
// the dictionary's automata, and only the candidates found read the length
// of their postings; at most maxRareWords words a query get that far. Each
// word's answer is remembered (at most maxMemo words), so the words of a
// query typed a key at a time cost microseconds after the first time.

const (
	minSuggestRunes = 4  // shorter words have too many neighbours to guess
	maxSuggestRunes = 40 // no real word is longer; the candidates grow with it
	maxSuggestWords = 8
	// minRareRunes is the shortest word corrected although some papers
	// hold it: among short words a rare real one ("port") is too often one
	// letter from a frequent one ("part").
	minRareRunes = 6
	// rareDF is the most papers a word may match and still be corrected
	// when a neighbour matches neighbourRatio times as many.
	rareDF         = 2
	neighbourRatio = 100
	// maxRareWords bounds the words of one query whose candidates are
	// looked up (a word no paper holds, or hardly any): the rest are
	// left as typed. A count, not a time, so that a query always gets the
	// same suggestion, however busy the machine.
	maxRareWords = 3
)

// Suggestion is a query with its misspelt words corrected.
type Suggestion struct {
	Text        string // the whole query, corrected
	Corrections []Correction
}

// Correction is one word replaced.
type Correction struct {
	Word, Better string
	Papers       int // papers the better word is found in
}

// Suggest returns a corrected query for text, or ok false when every word
// it checks is found (or has no better neighbour). Only bare words are
// checked: not field values, patterns, fuzzy words, operators or words
// with digits.
func (ix *Index) Suggest(ctx context.Context, text string) (s Suggestion, ok bool, err error) {
	return ix.suggest(ctx, text, false)
}

// suggestion is the corrected query Search returns beside its results (""
// when none): a suggestion is a help, so a failure to make one is no
// error. A request typed into the explorer (Prefix) leaves its last word
// alone while it is the beginning of some word of the index: the user may
// still be typing it.
func (ix *Index) suggestion(ctx context.Context, r Request) string {
	if r.Export || strings.TrimSpace(r.Text) == "" {
		return ""
	}
	s, ok, err := ix.suggest(ctx, r.Text, r.Prefix)
	if err != nil || !ok {
		return ""
	}
	return s.Text
}

func (ix *Index) suggest(ctx context.Context, text string, typing bool) (s Suggestion, ok bool, err error) {
	words := suggestableWords(text)
	if len(words) == 0 {
		return Suggestion{}, false, nil
	}
	var dict *dictionary // opened for the first word the memo does not know
	defer func() {
		if dict != nil {
			dict.close()
		}
	}()
	open := func() (*dictionary, error) {
		if dict == nil {
			d, err := ix.openDictionary()
			if err != nil {
				return nil, err
			}
			dict = d
		}
		return dict, nil
	}
	var b strings.Builder
	last := 0
	rare := 0 // words that needed their candidates looked up
	for _, w := range words {
		if err := ctx.Err(); err != nil {
			return Suggestion{}, false, err
		}
		word := text[w.start:w.end]
		if typing && w.end == len(text) {
			// The word being typed: while some word of the index starts
			// with it, it is not checked (nor remembered); a keystroke
			// costs one prefix look-up, not two thousand candidates.
			if _, known := ix.memo.get(strings.ToLower(word)); !known {
				d, err := open()
				if err != nil {
					return Suggestion{}, false, err
				}
				if d.hasPrefix(strings.ToLower(word)) {
					continue
				}
			}
		}
		c, found, wasRare, err := ix.correctMemo(open, word, rare < maxRareWords)
		if errors.Is(err, errTooManyRare) {
			break // the words corrected so far are the suggestion
		}
		if err != nil {
			return Suggestion{}, false, err
		}
		if wasRare {
			rare++
		}
		if found && typing && w.end == len(text) {
			d, err := open()
			if err != nil {
				return Suggestion{}, false, err
			}
			found = !d.hasPrefix(strings.ToLower(word))
		}
		if !found {
			continue
		}
		c.Word = word
		b.WriteString(text[last:w.start])
		b.WriteString(matchCase(word, c.Better))
		last = w.end
		s.Corrections = append(s.Corrections, c)
	}
	if len(s.Corrections) == 0 {
		return Suggestion{}, false, nil
	}
	b.WriteString(text[last:])
	// The suggestion is shown on a terminal: no control character of the
	// query (an escape sequence pasted in) goes with it.
	s.Text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, b.String())
	return s, true, nil
}

// correctMemo is correct through the index's memo of words already
// checked: the index never changes, so neither does a word's answer, and a
// query typed a key at a time asks about the same words again and again.
// A remembered rare word counts against maxRareWords as a new one does,
// so a query's suggestion is the same whatever the memo holds.
func (ix *Index) correctMemo(open func() (*dictionary, error), word string, allowRare bool) (fix Correction, found, rare bool, err error) {
	lower := strings.ToLower(word)
	if m, ok := ix.memo.get(lower); ok {
		if m.rare && !allowRare {
			return Correction{}, false, false, errTooManyRare
		}
		return m.fix, m.found, m.rare, nil
	}
	dict, err := open()
	if err != nil {
		return Correction{}, false, false, err
	}
	fix, found, rare, err = ix.correct(dict, ix.lexiconWords(), lower, allowRare)
	if err != nil {
		return Correction{}, false, false, err
	}
	ix.memo.put(lower, memoEntry{fix: fix, found: found, rare: rare})
	return fix, found, rare, nil
}

// correct finds the better spelling of word (lower case), if it needs one;
// rare reports that it looked up the word's candidates, which it does only
// when allowRare is set (errTooManyRare otherwise).
func (ix *Index) correct(dict *dictionary, lexicon map[string]bool, word string, allowRare bool) (fix Correction, found, rare bool, err error) {
	lower := strings.ToLower(word)
	term, ok := ix.singleTerm(lower)
	if !ok || lexicon[lower] {
		return Correction{}, false, false, nil
	}
	exact, err := dict.counts([]string{term})
	if err != nil {
		return Correction{}, false, false, err
	}
	df := exact[term]
	if df > rareDF || (df > 0 && utf8.RuneCountInString(lower) < minRareRunes) {
		return Correction{}, false, false, nil
	}
	if !allowRare {
		return Correction{}, false, false, errTooManyRare
	}
	candidates := ix.candidates(lower, term)
	terms := make([]string, len(candidates))
	for i, c := range candidates {
		terms[i] = c.term
	}
	near, err := dict.counts(terms)
	if err != nil {
		return Correction{}, false, false, err
	}
	best, found := bestNeighbour(candidates, near, lexicon)
	if !found || (df > 0 && best.Papers < neighbourRatio*df) {
		return Correction{}, false, true, nil
	}
	return best, true, true, nil
}

// candidate is a one-edit spelling of a word and the term it searches.
type candidate struct {
	edit
	term string
}

// candidates are word's one-edit spellings that analyse to one term other
// than term.
func (ix *Index) candidates(word, term string) []candidate {
	var out []candidate
	for _, e := range oneEdit(word) {
		if t, ok := ix.spellingTerm(e.spelling); ok && t != term {
			out = append(out, candidate{e, t})
		}
	}
	return out
}

// errTooManyRare stops a suggestion at its maxRareWords+1st rare word.
var errTooManyRare = errors.New("too many rare words to check")

// spellingTerm is singleTerm for a spelling of lower-case ASCII letters
// only: the analyzer's token filters applied to it as one token, skipping
// the tokenizer, which such a word passes through whole (tokenizing was
// half the time of a word's two thousand candidates).
func (ix *Index) spellingTerm(spelling string) (string, bool) {
	a, ok := ix.analyzer.(*analysis.DefaultAnalyzer)
	if !ok || a.CharFilters != nil || spelling == "" || strings.IndexFunc(spelling, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return ix.singleTerm(spelling)
	}
	toks := analysis.TokenStream{{Term: []byte(spelling), End: len(spelling), Position: 1, Type: analysis.AlphaNumeric}}
	for _, f := range a.TokenFilters {
		toks = f.Filter(toks)
	}
	if len(toks) != 1 {
		return "", false
	}
	return string(toks[0].Term), true
}

// bestNeighbour is the candidate with the most papers, among those whose
// term is in near or which are names of the lexicon; on a tie see
// tieBreak. The English stemmer can make a spelling that is no word
// ("universiblis") search a frequent term ("univers"), and then that
// spelling wins: a known limit (the index holds stems, not words), a few
// percent of the typos measured.
func bestNeighbour(candidates []candidate, near map[string]int, lexicon map[string]bool) (Correction, bool) {
	var best candidate
	bestPapers, bestName, found := 0, false, false
	for _, c := range candidates {
		n, inIndex := near[c.term]
		name := lexicon[c.spelling]
		if !inIndex && !name {
			continue
		}
		better := !found || n > bestPapers ||
			(n == bestPapers && tieBreak(c, name, best, bestName))
		if better {
			best, bestPapers, bestName, found = c, n, name, true
		}
	}
	return Correction{Better: best.spelling, Papers: bestPapers}, found
}

// tieBreak reports whether c (a name or not) goes before best between two
// spellings with as many papers: a name, then the likelier kind of edit,
// then the alphabet.
func tieBreak(c candidate, name bool, best candidate, bestName bool) bool {
	if name != bestName {
		return name
	}
	if c.kind != best.kind {
		return c.kind < best.kind
	}
	return c.spelling < best.spelling
}

// singleTerm is the one term text analyses to in the default field.
func (ix *Index) singleTerm(text string) (string, bool) {
	toks := ix.analyzer.Analyze([]byte(text))
	if len(toks) != 1 {
		return "", false
	}
	return string(toks[0].Term), true
}

// dictionary is the default field's terms in every shard, opened once for
// one suggestion.
type dictionary struct {
	readers []bleveindex.IndexReader
	// contains holds each reader's membership test of the field's terms
	// (its automata: no postings read), nil for a reader without one
	// (Bleve's in-memory index).
	contains []bleveindex.FieldDictContains
}

func (ix *Index) openDictionary() (*dictionary, error) {
	d := &dictionary{}
	for _, s := range ix.shards {
		adv, err := s.Advanced()
		var r bleveindex.IndexReader
		if err == nil {
			r, err = adv.Reader()
		}
		if err != nil {
			d.close()
			return nil, err
		}
		d.readers = append(d.readers, r)
		var fc bleveindex.FieldDictContains
		if cr, ok := r.(bleveindex.IndexReaderContains); ok {
			if fc, err = cr.FieldDictContains(FieldText); err != nil {
				d.close()
				return nil, err
			}
		}
		d.contains = append(d.contains, fc)
	}
	return d, nil
}

func (d *dictionary) close() {
	for i, r := range d.readers {
		if c, ok := d.contains[i].(interface{ Close() error }); ok {
			c.Close()
		}
		r.Close()
	}
}

// counts finds which of terms the field holds, and in how many papers.
// Only the terms the membership test finds are read for their counts (the
// length of their postings: a dictionary range walk cost ten times more).
func (d *dictionary) counts(terms []string) (map[string]int, error) {
	out := map[string]int{}
	for i, r := range d.readers {
		seen := make(map[string]bool, len(terms))
		for _, t := range terms {
			if seen[t] {
				continue // several spellings search the same term
			}
			seen[t] = true
			if fc := d.contains[i]; fc != nil {
				if ok, err := fc.Contains([]byte(t)); err != nil || !ok {
					continue
				}
			}
			tfr, err := r.TermFieldReader(context.Background(), []byte(t), FieldText, false, false, false)
			if err != nil {
				return nil, err
			}
			if n := tfr.Count(); n > 0 {
				out[t] += int(n)
			}
			tfr.Close()
		}
	}
	return out, nil
}

// hasPrefix reports whether some term of the field starts with prefix.
func (d *dictionary) hasPrefix(prefix string) bool {
	for _, r := range d.readers {
		dict, err := r.FieldDictPrefix(FieldText, []byte(prefix))
		if err != nil {
			continue
		}
		e, err := dict.Next()
		dict.Close()
		if err == nil && e != nil {
			return true
		}
	}
	return false
}

// The kinds of one edit, in the order a tie between spellings of the same
// term is broken: two neighbours swapped is the commonest slip, then a
// letter typed twice or one too many, then one left out, then a wrong one
// ("microenviroment" wants an n inserted, not its m replaced by one).
const (
	editSwap = iota
	editDelete
	editInsert
	editReplace
)

// edit is a spelling one edit away from a word, and the kind of edit.
type edit struct {
	spelling string
	kind     int
}

// oneEdit lists the spellings one edit away from word: two neighbours
// swapped, a letter deleted, inserted or replaced (a to z); each once, by
// the first kind that makes it.
func oneEdit(word string) []edit {
	r := []rune(word)
	var out []edit
	seen := map[string]bool{word: true}
	add := func(rs []rune, kind int) {
		if s := string(rs); !seen[s] {
			seen[s] = true
			out = append(out, edit{s, kind})
		}
	}
	for i := 0; i+1 < len(r); i++ {
		swapped := append([]rune{}, r...)
		swapped[i], swapped[i+1] = swapped[i+1], swapped[i]
		add(swapped, editSwap)
	}
	for i := range r {
		add(append(append([]rune{}, r[:i]...), r[i+1:]...), editDelete)
	}
	for i := 0; i <= len(r); i++ {
		for c := 'a'; c <= 'z'; c++ {
			add(append(append(append([]rune{}, r[:i]...), c), r[i:]...), editInsert)
		}
	}
	for i := range r {
		for c := 'a'; c <= 'z'; c++ {
			replaced := append([]rune{}, r...)
			replaced[i] = c
			add(replaced, editReplace)
		}
	}
	return out
}

// span is a word's byte range in the query.
type span struct{ start, end int }

// suggestableWords finds the bare words of a query worth checking: letters
// only, at least minSuggestRunes long, not a field name or value (next to
// a colon), not a pattern or fuzzy word (next to *, ? or ~), not with a
// capital after its first letter; the first maxSuggestWords distinct ones.
func suggestableWords(text string) []span {
	var out []span
	seen := map[string]bool{}
	i := 0
	for i < len(text) && len(out) < maxSuggestWords {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		start := i
		letters := true
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			letters = letters && unicode.IsLetter(r)
			i += size
		}
		w := text[start:i]
		n := utf8.RuneCountInString(w)
		if !letters || n < minSuggestRunes || n > maxSuggestRunes || innerCapital(w) || seen[w] ||
			touches(text, start, i, ":*?~\\") {
			continue
		}
		seen[w] = true
		out = append(out, span{start, i})
	}
	return out
}

// innerCapital reports a capital after the first letter: an acronym, an
// operator (AND) or a gene's name (PPARγ, mRNA), which the user typed as
// meant.
func innerCapital(w string) bool {
	_, size := utf8.DecodeRuneInString(w)
	return strings.IndexFunc(w[size:], unicode.IsUpper) >= 0
}

// touches reports whether the rune just before start or at end is one of
// chars.
func touches(text string, start, end int, chars string) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if strings.ContainsRune(chars, r) {
			return true
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if strings.ContainsRune(chars, r) {
			return true
		}
	}
	return false
}

// matchCase writes better with a leading capital when the user wrote word
// so (a word with other capitals is never corrected).
func matchCase(word, better string) string {
	if first, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(first) {
		r := []rune(better)
		r[0] = unicode.ToUpper(r[0])
		return string(r)
	}
	return better
}

// lexiconWords are the words (lower case, at least minSuggestRunes
// letters) of every name of every condition and drug, built once per
// index: a name is never corrected, and it is a candidate even when no
// paper holds it yet.
func (ix *Index) lexiconWords() map[string]bool {
	ix.memo.once.Do(func() {
		ix.memo.names = namesWords(ix.lib)
	})
	return ix.memo.names
}

// maxMemo bounds the words the memo keeps; when full it starts again.
const maxMemo = 4096

// suggestMemo is what Suggest keeps per index: the lexicon's words, made
// on first use, and the answer for each word checked lately.
type suggestMemo struct {
	once  sync.Once
	names map[string]bool
	mu    sync.Mutex
	words map[string]memoEntry
}

type memoEntry struct {
	fix         Correction
	found, rare bool
}

func (m *suggestMemo) get(word string) (memoEntry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.words[word]
	return e, ok
}

func (m *suggestMemo) put(word string, e memoEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.words == nil || len(m.words) >= maxMemo {
		m.words = map[string]memoEntry{}
	}
	m.words[word] = e
}

func namesWords(lib *store.Library) map[string]bool {
	out := map[string]bool{}
	for _, list := range [][]*store.Entity{lib.Conditions(), lib.Drugs()} {
		for _, e := range list {
			for _, name := range e.Names() {
				for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) }) {
					if utf8.RuneCountInString(w) >= minSuggestRunes {
						out[w] = true
					}
				}
			}
		}
	}
	return out
}
