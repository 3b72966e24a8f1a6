package vocab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/follicle/follicle/store"
)

// Lexicon is what tagging needs: the merged concepts of the library's
// vocabularies, the names learned from its annotated imports, and a
// recogniser over all their names, at one version of the library.
type Lexicon struct {
	Set        *Set
	Recogniser *store.Recogniser
	Version    uint64
	// HasMeSHTree says a MeSH tree file is among the vocabularies: MeSH
	// headings are then classified by it alone.
	HasMeSHTree bool
}

// LearnRules keep junk out of learned names.
type LearnRules struct {
	// MinPapers is how many papers must use a short one-word name in lower
	// case (fewer than MinLetters letters) before it is learned; longer
	// words, names of several words, or with a capital or a digit, need
	// one paper. Words that are common in any abstract are on the stop
	// list, and names of fewer than three letters are never learned.
	MinPapers  int
	MinLetters int
}

// DefaultLearnRules are the rules tuned on the BC5CDR training-only
// abstracts.
var DefaultLearnRules = LearnRules{MinPapers: 2, MinLetters: 5}

// Encode turns a vocabulary into the form the library stores.
func Encode(v Vocabulary) (store.StoredVocabulary, error) {
	data, err := json.Marshal(v.Concepts)
	if err != nil {
		return store.StoredVocabulary{}, fmt.Errorf("encode vocabulary %s: %w", v.Name, err)
	}
	names := 0
	for i := range v.Concepts {
		names += 1 + len(v.Concepts[i].Synonyms)
	}
	return store.StoredVocabulary{Name: v.Name, Format: v.Format, Concepts: len(v.Concepts), Names: names,
		ImportedAt: time.Now().UTC(), Data: data}, nil
}

// Load reads the library's vocabularies and learned names and builds the
// lexicon at the library's current vocabulary version.
func Load(db *store.DB, rules LearnRules) (*Lexicon, error) {
	version, err := db.VocabVersion()
	if err != nil {
		return nil, err
	}
	stored, err := db.Vocabularies(true)
	if err != nil {
		return nil, err
	}
	vocabs := make([]Vocabulary, 0, len(stored))
	for _, sv := range stored {
		v := Vocabulary{Name: sv.Name, Format: sv.Format}
		if err := json.Unmarshal(sv.Data, &v.Concepts); err != nil {
			return nil, fmt.Errorf("vocabulary %s in %s is corrupt: %w", sv.Name, db.Path(), err)
		}
		vocabs = append(vocabs, v)
	}
	learned, err := db.Learned()
	if err != nil {
		return nil, err
	}
	return Build(vocabs, learned, rules, version), nil
}

// Build merges vocabs, adds the learned names that pass rules (and a
// concept for every learned ID no vocabulary knows, named by its most used
// mention), and builds the recogniser.
func Build(vocabs []Vocabulary, learned []store.LearnedName, rules LearnRules, version uint64) *Lexicon {
	set := Merge(vocabs)
	learnedNames := set.learn(learned, rules)
	set.byName = map[string]int{}
	for i := range set.Concepts {
		for _, n := range set.Concepts[i].Names() {
			key := string(set.Concepts[i].Kind) + " " + nameKey(n)
			if _, taken := set.byName[key]; !taken {
				set.byName[key] = i
			}
		}
	}
	var names []store.DictName
	for i := range set.Concepts {
		c := &set.Concepts[i]
		names = append(names, store.DictName{Text: c.Name, ID: c.ID, Rank: 1})
		for _, s := range c.Synonyms {
			names = append(names, store.DictName{Text: s, ID: c.ID, Rank: 2})
		}
		for _, v := range chemicalVariants(c) {
			names = append(names, store.DictName{Text: v, ID: c.ID, Rank: 2})
		}
	}
	names = append(names, learnedNames...)
	lex := &Lexicon{Set: set, Recogniser: store.NewRecogniser(names, nil), Version: version}
	for _, v := range vocabs {
		lex.HasMeSHTree = lex.HasMeSHTree || v.Format == FormatMeSHTree
	}
	return lex
}

// learn gives every learned ID the set lacks a concept: the concept
// without a MeSH UI that has the learned text as a name (a DrugBank drug
// whose MeSH entry is a supplementary concept gains its UI), or a new one.
// It returns the learned names that pass rules, ranked above every
// vocabulary name: annotators' usage is the most trusted evidence of what
// a name means. A text used for several concepts goes to the one most
// papers used it for.
func (s *Set) learn(learned []store.LearnedName, rules LearnRules) []store.DictName {
	if len(learned) == 0 {
		return nil
	}
	sort.SliceStable(learned, func(i, j int) bool {
		if len(learned[i].PMIDs) != len(learned[j].PMIDs) {
			return len(learned[i].PMIDs) > len(learned[j].PMIDs)
		}
		if learned[i].Text != learned[j].Text {
			return learned[i].Text < learned[j].Text
		}
		return learned[i].Concept < learned[j].Concept
	})
	unkeyed, named := s.namesWithoutMeSH(), s.namesOf()
	for _, n := range learned {
		if _, ok := s.Find(n.Concept); ok || (!IsMeSHUI(n.Concept) && !strings.HasPrefix(n.Concept, "OMIM:")) {
			continue
		}
		key := nameKey(n.Text)
		if i, ok := unkeyed[key]; ok && IsMeSHUI(n.Concept) && s.Concepts[i].Kind == n.Kind && s.Concepts[i].MeSH == "" {
			s.Concepts[i].MeSH = n.Concept
			s.index(i)
			continue
		}
		if i, ok := named[key]; ok && s.Concepts[i].Kind == n.Kind {
			s.Concepts[i].Aliases = append(s.Concepts[i].Aliases, n.Concept)
			s.index(i)
			continue
		}
		c := Concept{ID: n.Concept, Kind: n.Kind, Name: n.Text}
		if IsMeSHUI(n.Concept) {
			c.MeSH = n.Concept
		} else {
			c.OMIM = []string{n.Concept}
		}
		named[key] = s.add(c)
	}
	var out []store.DictName
	taken := map[string]bool{}
	for _, n := range learned {
		c, ok := s.Find(n.Concept)
		key := strings.ToLower(n.Text)
		if !ok || c.Kind != n.Kind || taken[key] || !rules.pass(n) {
			continue
		}
		taken[key] = true
		out = append(out, store.DictName{Text: n.Text, ID: c.ID, Rank: 0})
	}
	return out
}

// chemicalVariants are the other ways papers write a MeSH chemical's name:
// an acid by its anion ("Valproic Acid" → "valproate", "Folic Acid" →
// "folate") and an amino acid with its L- form ("Arginine" →
// "L-arginine").
func chemicalVariants(c *Concept) []string {
	if c.Kind != store.KindDrug || len(c.Trees) == 0 {
		return nil
	}
	var out []string
	lower := strings.ToLower(c.Name)
	if stem, ok := strings.CutSuffix(lower, "ic acid"); ok && len(stem) >= 3 && !strings.ContainsAny(stem, " ,-") {
		out = append(out, stem+"ate")
	}
	for _, t := range c.Trees {
		if strings.HasPrefix(t, "D12.125") && !strings.ContainsAny(lower, " ,-") {
			out = append(out, "L-"+lower)
			break
		}
	}
	return out
}

// FindName returns the concept of kind that has name (case, hyphens,
// spacing and a plural aside) as its preferred name or a synonym.
func (s *Set) FindName(kind store.Kind, name string) (*Concept, bool) {
	if s == nil {
		return nil, false
	}
	i, ok := s.byName[string(kind)+" "+nameKey(name)]
	if !ok {
		return nil, false
	}
	return &s.Concepts[i], true
}

// namesOf maps the folded preferred names of the set's concepts to the
// concept.
func (s *Set) namesOf() map[string]int {
	out := map[string]int{}
	for i := range s.Concepts {
		if _, taken := out[nameKey(s.Concepts[i].Name)]; !taken {
			out[nameKey(s.Concepts[i].Name)] = i
		}
	}
	return out
}

// namesWithoutMeSH maps the names of the concepts that have no MeSH UI to
// the concept.
func (s *Set) namesWithoutMeSH() map[string]int {
	out := map[string]int{}
	for i := range s.Concepts {
		if s.Concepts[i].MeSH != "" {
			continue
		}
		for _, n := range s.Concepts[i].Names() {
			if _, taken := out[nameKey(n)]; !taken {
				out[nameKey(n)] = i
			}
		}
	}
	return out
}

// nameKey folds a name for matching across vocabularies: case, hyphens,
// spacing and a plural on the last word do not count.
func nameKey(name string) string {
	b := make([]byte, 0, len(name))
	space := false
	for _, r := range name {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, byte(r))
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, byte(r+'a'-'A'))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = utf8.AppendRune(b, unicode.ToLower(r))
		default:
			space = true
		}
	}
	// A plural on the last word does not count.
	n := len(b)
	last := bytes.LastIndexByte(b, ' ') + 1
	if n-last > 4 && b[n-1] == 's' && b[n-2] != 's' && b[n-2] != 'u' && b[n-2] != 'i' {
		b = b[:n-1]
	}
	return string(b)
}

func (r LearnRules) pass(n store.LearnedName) bool {
	if strings.ContainsAny(n.Text, " -") || strings.ToLower(n.Text) != n.Text || strings.ContainsAny(n.Text, "0123456789") {
		return true
	}
	return len(n.PMIDs) >= r.MinPapers || utf8.RuneCountInString(n.Text) >= r.MinLetters
}
