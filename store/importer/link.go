package importer

import (
	"strings"

	"github.com/follicle/follicle/store"
)

// linker decides which conditions and drugs an imported paper is about. In
// order of trust: annotations (PubTator), MeSH headings and the chemical
// list (mapped to the lexicon by MeSH ID, or made into new entities), and
// the lexicon tagger over title and text.
type linker struct {
	lib     *store.Library           // the lexicon (bundled plus earlier imports)
	byMeSH  map[string]*store.Entity // MeSH UI → lexicon entity
	tree    MeSHTree                 // optional: MeSH UI → tree numbers
	created map[string]store.Entity  // new entities of this import, by ID
	pending []store.Entity           // created since the last batch was written
}

// createdPrefix starts the ID of every entity an import creates.
const createdPrefix = "mesh-"

// MeSHTree maps a MeSH descriptor UI to its name and tree numbers
// ("C17.800…"), from a MeSH tree file given with --mesh.
type MeSHTree map[string]MeSHDescriptor

// MeSHDescriptor is one descriptor of a MeSH tree file.
type MeSHDescriptor struct {
	Name  string
	Trees []string
}

func newLinker(lib *store.Library, tree MeSHTree) *linker {
	l := &linker{lib: lib, byMeSH: map[string]*store.Entity{}, tree: tree, created: map[string]store.Entity{}}
	// Only curated lexicon entries map MeSH IDs and classify headings:
	// entities earlier imports created must not change how the same record
	// links, or re-importing a file would not be a no-op.
	for _, e := range append(append([]*store.Entity{}, lib.Conditions()...), lib.Drugs()...) {
		if e.MeSH != "" && !strings.HasPrefix(e.ID, createdPrefix) {
			l.byMeSH[e.MeSH] = e
		}
	}
	return l
}

// link fills rec.Paper.Conditions and Drugs.
func (l *linker) link(rec *store.Record) {
	p := &rec.Paper
	add := func(kind store.Kind, id string) {
		if kind == store.KindCondition {
			p.Conditions = append(p.Conditions, id)
		} else {
			p.Drugs = append(p.Drugs, id)
		}
	}
	for _, a := range rec.Annotations {
		if a.Kind == "" {
			continue
		}
		for i, ui := range a.IDs {
			name := a.Text
			if i < len(a.Names) && a.Names[i] != "" {
				name = a.Names[i]
			}
			if id, ok := l.entity(a.Kind, ui, name); ok {
				add(a.Kind, id)
			}
		}
	}
	for _, h := range rec.Headings {
		if kind, ok := l.headingKind(h); ok {
			if id, ok := l.entity(kind, h.UI, h.Name); ok {
				add(kind, id)
			}
		}
	}
	for _, c := range rec.Chemicals {
		if id, ok := l.entity(store.KindDrug, c.UI, c.Name); ok {
			add(store.KindDrug, id)
		}
	}
	text := strings.Join(append([]string{p.Title, p.Text()}, p.Keywords...), "\n")
	for _, id := range l.lib.Tagger().Tag(text) {
		if e, ok := l.lib.Entity(id); ok {
			add(e.Kind, id)
		}
	}
}

// entity returns the lexicon entity with MeSH UI ui, or creates one named
// name. IDs that are not MeSH descriptors or supplementary concepts (OMIM,
// gene IDs) make no entity.
func (l *linker) entity(kind store.Kind, ui, name string) (string, bool) {
	if e, ok := l.byMeSH[ui]; ok && e.Kind == kind {
		return e.ID, true
	}
	if !isMeSHUI(ui) || strings.TrimSpace(name) == "" {
		return "", false
	}
	id := createdPrefix + strings.ToLower(ui)
	if e, ok := l.lib.Entity(id); ok && e.Kind == kind {
		return id, true
	}
	if e, ok := l.created[id]; ok {
		return e.ID, e.Kind == kind
	}
	if d, ok := l.tree[ui]; ok && d.Name != "" {
		name = d.Name
	}
	e := store.Entity{ID: id, Kind: kind, Name: strings.ToLower(store.CleanText(name)), MeSH: ui}
	l.created[id] = e
	l.pending = append(l.pending, e)
	return id, true
}

func isMeSHUI(ui string) bool {
	if len(ui) < 7 || (ui[0] != 'D' && ui[0] != 'C') {
		return false
	}
	return strings.Trim(ui[1:], "0123456789") == ""
}

// Qualifiers that MeSH allows only on diseases, and only on drugs and
// chemicals: they tell a heading's kind when no tree file is given.
var (
	diseaseQualifiers = map[string]bool{"drug therapy": true, "therapy": true, "epidemiology": true, "diagnosis": true,
		"etiology": true, "pathology": true, "complications": true, "chemically induced": true, "prevention & control": true,
		"mortality": true, "surgery": true, "diet therapy": true, "radiotherapy": true, "psychology": true}
	drugQualifiers = map[string]bool{"therapeutic use": true, "adverse effects": true, "pharmacology": true,
		"administration & dosage": true, "pharmacokinetics": true, "toxicity": true, "poisoning": true, "analogs & derivatives": true}
)

// headingKind classifies a MeSH heading: by tree number when a tree is
// loaded (C = diseases, D = chemicals and drugs), otherwise by its
// qualifiers. Headings it cannot classify are not linked.
func (l *linker) headingKind(h store.MeSHHeading) (store.Kind, bool) {
	if d, ok := l.tree[h.UI]; ok {
		for _, n := range d.Trees {
			switch {
			case strings.HasPrefix(n, "C"):
				return store.KindCondition, true
			case strings.HasPrefix(n, "D"):
				return store.KindDrug, true
			}
		}
		return "", false
	}
	if e, ok := l.byMeSH[h.UI]; ok {
		return e.Kind, true
	}
	for _, q := range h.Qualifiers {
		switch {
		case diseaseQualifiers[q]:
			return store.KindCondition, true
		case drugQualifiers[q]:
			return store.KindDrug, true
		}
	}
	return "", false
}

// takePending returns the entities created since the last call.
func (l *linker) takePending() []store.Entity {
	out := l.pending
	l.pending = nil
	return out
}
