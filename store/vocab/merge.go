package vocab

import (
	"sort"

	"github.com/follicle/follicle/store"
)

// Set is the merged concepts of every vocabulary, with the look-ups the
// importer needs.
type Set struct {
	Concepts []Concept
	byID     map[string]int // concept ID, MeSH UI, DOID, DrugBank ID and OMIM ID → concept
	byName   map[string]int // kind and folded name → concept (built by Build)
}

// Merge joins the concepts of the vocabularies into one set. MeSH
// descriptors come first and keep their UI as ID; a Disease Ontology term
// with a MeSH cross-reference adds its names, DOID and OMIM IDs to that
// descriptor; a DrugBank drug joins the MeSH chemical whose preferred name
// is its own (DrugBank carries no MeSH cross-reference); a user's line with
// a MeSH UI adds its names to that descriptor. Everything else stands alone.
// The result is the same whatever order the vocabularies come in.
func Merge(vocabs []Vocabulary) *Set {
	rank := map[string]int{FormatMeSHTree: 0, FormatOBO: 1, FormatDrugBank: 2, FormatTSV: 3}
	sorted := append([]Vocabulary(nil), vocabs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if rank[sorted[i].Format] != rank[sorted[j].Format] {
			return rank[sorted[i].Format] < rank[sorted[j].Format]
		}
		return sorted[i].Name < sorted[j].Name
	})
	s := &Set{byID: map[string]int{}}
	byName := map[string]int{}         // folded name of a MeSH drug → concept
	claimed := map[int]bool{}          // MeSH drugs a DrugBank drug joined
	conditionNames := map[string]int{} // folded name of a MeSH condition → concept
	for _, v := range sorted {
		for _, c := range v.Concepts {
			target := -1
			switch {
			case c.MeSH != "":
				target = s.lookup(c.MeSH, c.Kind)
			case v.Format == FormatDrugBank:
				target = drugBankTarget(byName, claimed, c)
			case v.Format == FormatOBO:
				target = s.nameTarget(conditionNames, c)
			}
			if target < 0 {
				target = s.add(c)
				if v.Format == FormatMeSHTree {
					names := byName
					if c.Kind == store.KindCondition {
						names = conditionNames
					}
					for _, n := range append(c.Names(), chemicalVariants(&c)...) {
						if _, taken := names[nameKey(n)]; !taken {
							names[nameKey(n)] = target
						}
					}
				}
				continue
			}
			if v.Format == FormatDrugBank {
				claimed[target] = true
			}
			s.join(target, c)
		}
	}
	return s
}

// drugBankTarget finds the MeSH drug a DrugBank drug joins: the one named
// like the drug's common name (case, hyphens, spacing and a plural aside:
// "Gentamicin" joins "Gentamicins"), else like one of its synonyms, unless
// another DrugBank drug joined it first.
func drugBankTarget(byName map[string]int, claimed map[int]bool, c Concept) int {
	for _, n := range c.Names() {
		if i, ok := byName[nameKey(n)]; ok && !claimed[i] {
			return i
		}
	}
	return -1
}

// nameTarget finds the MeSH condition a Disease Ontology term without a
// MeSH cross-reference joins: the one with its preferred name.
func (s *Set) nameTarget(names map[string]int, c Concept) int {
	if i, ok := names[nameKey(c.Name)]; ok && s.Concepts[i].DOID == "" {
		return i
	}
	return -1
}

func (s *Set) lookup(id string, kind store.Kind) int {
	if i, ok := s.byID[id]; ok && s.Concepts[i].Kind == kind {
		return i
	}
	return -1
}

func (s *Set) add(c Concept) int {
	if _, taken := s.byID[c.ID]; taken {
		// Two vocabularies used one ID for different concepts: keep the
		// first and let the later one join it.
		i := s.byID[c.ID]
		s.join(i, c)
		return i
	}
	i := len(s.Concepts)
	c.Synonyms = append([]string(nil), c.Synonyms...)
	s.Concepts = append(s.Concepts, c)
	s.index(i)
	return i
}

// join adds c's names and identifiers to concept i.
func (s *Set) join(i int, c Concept) {
	t := &s.Concepts[i]
	for _, n := range c.Names() {
		t.addName(n)
	}
	if t.DOID == "" {
		t.DOID = c.DOID
	}
	if t.DrugBank == "" {
		t.DrugBank = c.DrugBank
	}
	if t.CAS == "" {
		t.CAS = c.CAS
	}
	if t.UNII == "" {
		t.UNII = c.UNII
	}
	for _, o := range c.OMIM {
		if !contains(t.OMIM, o) {
			t.OMIM = append(t.OMIM, o)
		}
	}
	s.index(i)
}

func (s *Set) index(i int) {
	c := &s.Concepts[i]
	for _, id := range append(append([]string{c.ID, c.MeSH, c.DOID, c.DrugBank}, c.OMIM...), c.Aliases...) {
		if id == "" {
			continue
		}
		if _, taken := s.byID[id]; !taken {
			s.byID[id] = i
		}
	}
}

// Find returns the concept known under id: its own ID, a MeSH UI, a DOID,
// a DrugBank ID or an OMIM ID ("OMIM:123456").
func (s *Set) Find(id string) (*Concept, bool) {
	if s == nil {
		return nil, false
	}
	i, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	return &s.Concepts[i], true
}

// Len is how many concepts the set holds.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.Concepts)
}

// NameCount is how many names (preferred names and synonyms) the set holds.
func (s *Set) NameCount() int {
	n := 0
	for i := range s.Concepts {
		n += 1 + len(s.Concepts[i].Synonyms)
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
