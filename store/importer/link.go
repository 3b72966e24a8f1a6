package importer

import (
	"strings"
	"unicode/utf8"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/vocab"
)

// linker decides which conditions and drugs an imported paper is about. In
// order of trust: annotations (PubTator, BioC), MeSH headings and the
// chemical list (mapped to the curated lexicon or a vocabulary concept by
// MeSH ID, or made into new entities), and, for a paper without
// annotations, the recogniser over title and text (the library's
// vocabularies and learned names) and the curated lexicon's tagger.
//
// Entities earlier imports created never change how a record links: the
// tagger knows only the curated lexicon, the recogniser only the
// vocabularies, so re-importing a file is a no-op at one vocabulary version.
type linker struct {
	lib     *store.Library           // the lexicon (bundled plus earlier imports)
	byMeSH  map[string]*store.Entity // MeSH UI → curated lexicon entity
	curated *store.Tagger            // the curated lexicon only
	tree    MeSHTree                 // optional: MeSH UI → tree numbers
	lex     *vocab.Lexicon           // optional: vocabularies and learned names
	created map[string]store.Entity  // new entities of this import, by ID
	pending []store.Entity           // created since the last batch was written
	learned []store.LearnedName      // mention texts of annotated records
	fresh   int                      // entities the library did not hold
}

// createdPrefix starts the ID of every entity an import creates from a
// MeSH ID; vocabularies add doid-, drugbank-, omim- and user- IDs.
const createdPrefix = "mesh-"

// maxEntitySynonyms bounds the synonyms an entity carries into the index.
const maxEntitySynonyms = 10

// MeSHTree maps a MeSH descriptor UI to its name and tree numbers
// ("C17.800…"), from a MeSH tree file given with --mesh.
type MeSHTree map[string]MeSHDescriptor

// MeSHDescriptor is one descriptor of a MeSH tree file.
type MeSHDescriptor struct {
	Name  string
	Trees []string
}

// isCreatedID reports whether an entity ID was made by an import rather
// than curated.
func isCreatedID(id string) bool {
	for _, p := range []string{createdPrefix, "doid-", "drugbank-", "omim-", "user-"} {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

func newLinker(lib *store.Library, tree MeSHTree, lex *vocab.Lexicon) *linker {
	l := &linker{lib: lib, byMeSH: map[string]*store.Entity{}, tree: tree, lex: lex, created: map[string]store.Entity{}}
	var curated []store.Entity
	for _, e := range append(append([]*store.Entity{}, lib.Conditions()...), lib.Drugs()...) {
		if isCreatedID(e.ID) {
			continue
		}
		curated = append(curated, *e)
		if e.MeSH != "" {
			l.byMeSH[e.MeSH] = e
		}
	}
	l.curated = store.NewTagger(curated)
	return l
}

// link fills rec.Paper's links, indexed IDs and mentions.
func (l *linker) link(rec *store.Record) {
	p := &rec.Paper
	p.Conditions, p.Drugs, p.Indexed, p.Mentions, p.Annotated, p.Tagged = nil, nil, nil, nil, false, true
	text := p.LinkedText()
	for _, a := range rec.Annotations {
		if a.Kind == "" {
			continue
		}
		p.Annotated = true
		for i, ui := range a.IDs {
			name := a.Text
			if i < len(a.Names) && a.Names[i] != "" {
				name = a.Names[i]
			} else if len(a.IDs) > 1 {
				name = "" // a composite mention names no one concept: link only known ones
			}
			id, ok := l.entity(a.Kind, ui, name, true)
			if !ok {
				continue
			}
			p.Indexed = append(p.Indexed, id)
			if len(a.IDs) == 1 {
				l.learn(a.Kind, ui, a.Text, p.PMID)
				if s, e, ok := annotationSpan(text, a); ok {
					p.Mentions = append(p.Mentions, store.Mention{ID: id, Start: s, End: e})
				}
			}
		}
	}
	for _, h := range rec.Headings {
		if kind, ok := l.headingKind(h); ok {
			if id, ok := l.entity(kind, h.UI, h.Name, false); ok {
				p.Indexed = append(p.Indexed, id)
			}
		}
	}
	for _, c := range rec.Chemicals {
		if id, ok := l.entity(store.KindDrug, c.UI, c.Name, false); ok {
			p.Indexed = append(p.Indexed, id)
		}
	}
	p.Indexed = uniq(p.Indexed)
	l.tag(p)
}

// tag links p to its indexed entities plus, unless it is annotated, what
// the recogniser and the curated tagger find in its text.
func (l *linker) tag(p *store.Paper) {
	ids := append([]string(nil), p.Indexed...)
	if !p.Annotated {
		text := p.LinkedText()
		if l.lex != nil {
			for _, m := range l.lex.Recogniser.Find(text) {
				for _, cid := range m.IDs {
					if id, ok := l.conceptEntity(cid); ok {
						ids = append(ids, id)
						p.Mentions = append(p.Mentions, store.Mention{ID: id, Start: m.Start, End: m.End})
					}
				}
			}
		}
		ids = append(ids, l.curated.Tag(strings.Join(append([]string{text}, p.Keywords...), "\n"))...)
	}
	p.Conditions, p.Drugs = nil, nil
	for _, id := range uniq(ids) {
		if l.kindOf(id) == store.KindCondition {
			p.Conditions = append(p.Conditions, id)
		} else {
			p.Drugs = append(p.Drugs, id)
		}
	}
}

func (l *linker) kindOf(id string) store.Kind {
	if e, ok := l.created[id]; ok {
		return e.Kind
	}
	if e, ok := l.lib.Entity(id); ok {
		return e.Kind
	}
	return store.KindDrug
}

// annotationSpan turns an annotation's character offsets (in title, a
// space, then abstract) into byte offsets in the paper's linked text, and
// checks that they hold the mention.
func annotationSpan(text string, a store.Annotation) (int, int, bool) {
	if a.Start < 0 || a.End <= a.Start {
		return 0, 0, false
	}
	start, end, chars := -1, -1, 0
	for i := range text {
		if chars == a.Start {
			start = i
		}
		if chars == a.End {
			end = i
			break
		}
		chars++
	}
	if end < 0 && chars == a.End {
		end = len(text)
	}
	if start < 0 || end < 0 || !strings.EqualFold(store.CleanText(text[start:end]), a.Text) {
		return 0, 0, false
	}
	return start, end, true
}

// learn remembers the mention text of an annotation for its concept.
func (l *linker) learn(kind store.Kind, ui, text, pmid string) {
	if l.lex == nil || pmid == "" || utf8.RuneCountInString(text) < 3 || utf8.RuneCountInString(text) > 100 {
		return
	}
	if !vocab.IsMeSHUI(ui) && !strings.HasPrefix(ui, "OMIM:") {
		return
	}
	l.learned = append(l.learned, store.LearnedName{Concept: ui, Kind: kind, Text: text, PMIDs: []string{pmid}})
}

// conceptEntity returns the entity of a vocabulary concept: the curated
// one with its MeSH UI, or an entity made from the concept.
func (l *linker) conceptEntity(conceptID string) (string, bool) {
	c, ok := l.lex.Set.Find(conceptID)
	if !ok {
		return "", false
	}
	if e, ok := l.byMeSH[c.MeSH]; ok && c.MeSH != "" && e.Kind == c.Kind {
		return e.ID, true
	}
	e := c.Entity(maxEntitySynonyms)
	l.remember(e)
	return e.ID, true
}

// remember queues e to be stored unless the library or this import already
// holds it as it is.
func (l *linker) remember(e store.Entity) {
	if _, ok := l.created[e.ID]; ok {
		return
	}
	l.created[e.ID] = e
	have, ok := l.lib.Entity(e.ID)
	if ok && sameEntity(*have, e) {
		return
	}
	if !ok {
		l.fresh++
	}
	l.pending = append(l.pending, e)
}

func sameEntity(a, b store.Entity) bool {
	return a.Name == b.Name && a.Kind == b.Kind && strings.Join(a.Synonyms, "|") == strings.Join(b.Synonyms, "|") &&
		strings.Join(a.Codes, "|") == strings.Join(b.Codes, "|") && a.MeSH == b.MeSH && a.DOID == b.DOID && a.DrugBank == b.DrugBank
}

// entity returns the entity for an identifier of kind: the curated one
// with that MeSH UI, the vocabulary concept it names, or a new entity for
// a MeSH or OMIM ID no vocabulary holds, named by the MeSH tree or the
// mention. Other IDs (genes, "-1") make no entity. A heading or a chemical
// (not an annotation) whose concept is a stop word ("Water") is not
// linked, and one whose ID no vocabulary knows joins the concept with its
// name (annotations do not: their names are learned, and learning joins
// them, the same way at every import).
func (l *linker) entity(kind store.Kind, ui, name string, annotation bool) (string, bool) {
	if e, ok := l.byMeSH[ui]; ok && e.Kind == kind {
		return e.ID, true
	}
	if l.lex != nil {
		c, ok := l.lex.Set.Find(ui)
		if !ok && !annotation && name != "" {
			c, ok = l.lex.Set.FindName(kind, name)
		}
		if ok && c.Kind == kind {
			if !annotation && store.DefaultStopWords[strings.ToLower(c.Name)] {
				return "", false
			}
			return l.conceptEntity(c.ID)
		}
	}
	isOMIM := strings.HasPrefix(ui, "OMIM:") && len(ui) > 5
	if !vocab.IsMeSHUI(ui) && !isOMIM {
		return "", false
	}
	id := vocab.EntityIDOf(ui)
	if e, ok := l.created[id]; ok {
		return e.ID, e.Kind == kind
	}
	if e, ok := l.lib.Entity(id); ok && e.Kind == kind {
		l.created[id] = *e
		return id, true
	}
	if strings.TrimSpace(name) == "" {
		return "", false
	}
	if d, ok := l.tree[ui]; ok && d.Name != "" {
		name = d.Name
	}
	e := store.Entity{ID: id, Kind: kind, Name: store.CleanText(name)}
	if isOMIM {
		e.Codes = []string{ui}
	} else {
		e.MeSH = ui
	}
	l.remember(e)
	return id, true
}

func isMeSHUI(ui string) bool { return vocab.IsMeSHUI(ui) }

// sourceID turns an entity ID an import made back into the identifier it
// was made from ("mesh-c094645" → "C094645", "omim-217000" →
// "OMIM:217000"), so re-tagging can map it to the concept the library's
// vocabularies and learned names now give it.
func sourceID(entityID string) (string, bool) {
	for prefix, to := range map[string]string{"mesh-": "", "omim-": "OMIM:", "doid-": "DOID:", "drugbank-": ""} {
		if rest, ok := strings.CutPrefix(entityID, prefix); ok {
			if to == "" {
				return strings.ToUpper(rest), true
			}
			return to + rest, true
		}
	}
	return "", false
}

// canonical returns the entity an indexed entity ID stands for now.
func (l *linker) canonical(entityID string) string {
	raw, ok := sourceID(entityID)
	if !ok || l.lex == nil {
		return entityID
	}
	c, ok := l.lex.Set.Find(raw)
	if !ok || c.Kind != l.kindOf(entityID) {
		return entityID
	}
	if id, ok := l.conceptEntity(c.ID); ok {
		return id
	}
	return entityID
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
// loaded (C = diseases, D = chemicals and drugs), by the vocabularies'
// concept, otherwise by its qualifiers. Headings it cannot classify are
// not linked.
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
	if l.lex != nil && l.lex.HasMeSHTree {
		// The MeSH tree is loaded: it alone says what a heading is, and a
		// heading whose only name is a stop word ("Water") is not linked.
		if c, ok := l.lex.Set.Find(h.UI); ok && len(c.Trees) > 0 && !store.DefaultStopWords[strings.ToLower(c.Name)] {
			return c.Kind, true
		}
		return "", false
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
