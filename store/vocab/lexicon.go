package vocab

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/follicle/follicle/store"
)

// Lexicon is what tagging needs: the merged concepts of the library's
// vocabularies, the names learned from its annotated imports, and a
// recogniser over all their names, at one version of the library.
type Lexicon struct {
	Set        *Set
	Recogniser *store.Recogniser
	Version    uint64
}

// LearnRules keep junk out of learned names.
type LearnRules struct {
	// MinPapers is how many papers must use a one-word name in lower case
	// before it is learned; names of several words, or with a capital or a
	// digit, need one paper.
	MinPapers int
}

// DefaultLearnRules are the rules tuned on the BC5CDR training-only
// abstracts.
var DefaultLearnRules = LearnRules{MinPapers: 2}

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
	var names []store.DictName
	for i := range set.Concepts {
		c := &set.Concepts[i]
		names = append(names, store.DictName{Text: c.Name, ID: c.ID})
		for _, s := range c.Synonyms {
			names = append(names, store.DictName{Text: s, ID: c.ID, Rank: 1})
		}
	}
	names = append(names, learnedNames...)
	return &Lexicon{Set: set, Recogniser: store.NewRecogniser(names, nil), Version: version}
}

// learn adds a concept for every learned ID the set lacks and returns the
// learned names that pass rules, ranked below every vocabulary name. A
// text used for several concepts goes to the one most papers used it for.
func (s *Set) learn(learned []store.LearnedName, rules LearnRules) []store.DictName {
	sort.SliceStable(learned, func(i, j int) bool {
		if len(learned[i].PMIDs) != len(learned[j].PMIDs) {
			return len(learned[i].PMIDs) > len(learned[j].PMIDs)
		}
		if learned[i].Text != learned[j].Text {
			return learned[i].Text < learned[j].Text
		}
		return learned[i].Concept < learned[j].Concept
	})
	for _, n := range learned {
		if _, ok := s.Find(n.Concept); !ok && (IsMeSHUI(n.Concept) || strings.HasPrefix(n.Concept, "OMIM:")) {
			c := Concept{ID: n.Concept, Kind: n.Kind, Name: n.Text}
			if IsMeSHUI(n.Concept) {
				c.MeSH = n.Concept
			} else {
				c.OMIM = []string{n.Concept}
			}
			s.add(c)
		}
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
		out = append(out, store.DictName{Text: n.Text, ID: c.ID, Rank: 2})
	}
	return out
}

func (r LearnRules) pass(n store.LearnedName) bool {
	if strings.ContainsAny(n.Text, " -") || strings.ToLower(n.Text) != n.Text || strings.ContainsAny(n.Text, "0123456789") {
		return true
	}
	return len(n.PMIDs) >= r.MinPapers
}
