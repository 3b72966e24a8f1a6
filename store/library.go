package store

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Library is the set of papers and the lexicon of entities they are about.
// It is built once and then only read, so it is safe to share between
// goroutines (and between SSH sessions).
type Library struct {
	papers     []Paper
	byPMID     map[string]int
	entities   map[string]*Entity
	conditions []*Entity
	drugs      []*Entity
	tagger     *Tagger

	// shelf, when set, holds the papers instead of papers and byPMID.
	shelf *Shelf
	// load, when set, reads the papers: the library was opened for its
	// lexicon only, and its papers are read when an index build needs them.
	load func() (*Library, error)
}

// Bundled corpus file names inside the data file system.
const (
	PapersFile     = "papers.jsonl"
	ConditionsFile = "conditions.jsonl"
	DrugsFile      = "drugs.jsonl"
)

// LoadLexicon reads conditions.jsonl and drugs.jsonl from fsys.
func LoadLexicon(fsys fs.FS) ([]Entity, error) {
	var out []Entity
	for _, f := range []struct {
		name string
		kind Kind
	}{{ConditionsFile, KindCondition}, {DrugsFile, KindDrug}} {
		err := readJSONLinesFile(fsys, f.name, func(e Entity, _ int) error {
			if e.ID == "" || e.Name == "" {
				return errors.New("entity needs an id and a name")
			}
			e.Kind = f.kind
			out = append(out, e)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load lexicon: %w", err)
		}
	}
	return out, nil
}

// LoadPapers reads papers.jsonl from fsys, marking each as bundled.
func LoadPapers(fsys fs.FS) ([]Paper, error) {
	var out []Paper
	err := readJSONLinesFile(fsys, PapersFile, func(p Paper, _ int) error {
		if p.PMID == "" || p.Title == "" {
			return errors.New("paper needs a pmid and a title")
		}
		p.Origin = OriginBundled
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load papers: %w", err)
	}
	return out, nil
}

func readJSONLinesFile[T any](fsys fs.FS, name string, add func(T, int) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return decodeJSONLines(f, name, add)
}

// LoadWithImports loads the bundled corpus and adds the entities and papers
// of the user's library db (which may be nil).
func LoadWithImports(fsys fs.FS, db *DB) (*Library, error) {
	entities, err := LoadLexiconWithImports(fsys, db)
	if err != nil {
		return nil, err
	}
	papers, err := LoadPapers(fsys)
	if err != nil {
		return nil, err
	}
	if db != nil {
		imported, err := db.Papers()
		if err != nil {
			return nil, err
		}
		papers = append(papers, imported...)
	}
	return NewLibrary(entities, papers)
}

// LoadLexiconWithImports reads the bundled lexicon and adds the entities
// the user's imports created in db (which may be nil).
func LoadLexiconWithImports(fsys fs.FS, db *DB) ([]Entity, error) {
	entities, err := LoadLexicon(fsys)
	if err != nil || db == nil {
		return entities, err
	}
	more, err := db.Entities()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range entities {
		seen[e.ID] = true
	}
	for _, e := range more {
		if !seen[e.ID] {
			e.Imported = true
			entities = append(entities, e)
		}
	}
	return entities, nil
}

// LoadLexiconLibrary returns a library with the lexicon (bundled plus db's
// entities) and no papers, for importers that only link: reading every
// paper of a large library would cost seconds and gigabytes.
func LoadLexiconLibrary(fsys fs.FS, db *DB) (*Library, error) {
	entities, err := LoadLexiconWithImports(fsys, db)
	if err != nil {
		return nil, err
	}
	return NewLibrary(entities, nil)
}

// NewDeferred returns a library that holds only the lexicon: its papers are
// read by load when Loaded is called, which an index build does. A start
// whose index is current never reads them; it reads the index's shelf.
func NewDeferred(entities []Entity, load func() (*Library, error)) (*Library, error) {
	lib, err := NewLibrary(entities, nil)
	if err != nil {
		return nil, err
	}
	lib.load = load
	return lib, nil
}

// LoadBundled loads the bundled corpus (papers and lexicon) from fsys and
// links every paper to the entities it is about.
func LoadBundled(fsys fs.FS) (*Library, error) { return LoadWithImports(fsys, nil) }

// NewLibrary links papers to entities and returns the library. A bundled
// paper's curated entity IDs are kept and the tagger over the curated
// lexicon adds what it recognises in the title, text, MeSH terms and
// keywords; a paper its import tagged keeps the links the import stored
// (papers are tagged once, at import, never at a start). Later papers with a PMID
// already seen replace earlier ones, so an import of a newer version wins.
func NewLibrary(entities []Entity, papers []Paper) (*Library, error) {
	lib := &Library{byPMID: map[string]int{}, entities: map[string]*Entity{}}
	for i := range entities {
		e := entities[i]
		if _, dup := lib.entities[e.ID]; dup {
			return nil, fmt.Errorf("lexicon: duplicate entity id %q", e.ID)
		}
		lib.entities[e.ID] = &e
		if e.Kind == KindCondition {
			lib.conditions = append(lib.conditions, &e)
		} else {
			lib.drugs = append(lib.drugs, &e)
		}
	}
	sortEntities(lib.conditions)
	sortEntities(lib.drugs)
	for _, e := range lib.entities {
		if _, ok := lib.entities[e.Parent]; e.Parent != "" && !ok {
			return nil, fmt.Errorf("lexicon: entity %q has unknown parent %q", e.ID, e.Parent)
		}
	}
	curated := make([]Entity, 0, len(entities))
	for _, e := range entities {
		if !e.Imported {
			curated = append(curated, e)
		}
	}
	lib.tagger = NewTagger(curated)
	tags := tagAll(lib.tagger, papers)
	for i, p := range papers {
		if err := lib.add(p, tags[i]); err != nil {
			return nil, err
		}
	}
	return lib, nil
}

// tagAll runs the tagger over every paper on every core: it is most of the
// time a large library takes to load (3.8 of 6.8 s at 200,000 papers), and
// each paper's text is tagged independently of the others.
func tagAll(t *Tagger, papers []Paper) [][]string {
	out := make([][]string, len(papers))
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(papers); i += workers {
				if !papers[i].Tagged {
					out[i] = t.Tag(linkText(&papers[i]))
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// linkText is the text the tagger reads: title, text, MeSH terms and
// keywords.
func linkText(p *Paper) string {
	return strings.Join(slices.Concat([]string{p.Title, p.Text()}, p.MeSH, p.Keywords), "\n")
}

func sortEntities(es []*Entity) {
	sort.Slice(es, func(i, j int) bool { return strings.ToLower(es[i].Name) < strings.ToLower(es[j].Name) })
}

// add links p (tags: the tagger's findings in its text) and adds it.
func (lib *Library) add(p Paper, tags []string) error {
	if p.Origin == OriginImported {
		// An import may name entities a later lexicon no longer has.
		p.Conditions = lib.known(p.Conditions)
		p.Drugs = lib.known(p.Drugs)
	}
	for _, id := range slices.Concat(p.Conditions, p.Drugs) {
		if _, ok := lib.entities[id]; !ok {
			return fmt.Errorf("paper %s: unknown entity id %q", p.PMID, id)
		}
	}
	if i, ok := lib.byPMID[p.PMID]; ok {
		p = merge(lib.papers[i], p)
		lib.link(&p, lib.tagger.Tag(linkText(&p))) // the merged text may differ
		lib.papers[i] = p
		return nil
	}
	lib.link(&p, tags)
	lib.byPMID[p.PMID] = len(lib.papers)
	lib.papers = append(lib.papers, p)
	return nil
}

func (lib *Library) known(ids []string) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if _, ok := lib.entities[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// merge combines two records of one PMID: the later one wins, but a bundled
// paper's digest and curated entities survive an import of the same paper.
func merge(old, new Paper) Paper {
	if new.Digest == "" {
		new.Digest = old.Digest
	}
	if new.PMCID == "" {
		new.PMCID = old.PMCID
	}
	if old.Origin == OriginBundled {
		new.Conditions = append(slices.Clone(old.Conditions), new.Conditions...)
		new.Drugs = append(slices.Clone(old.Drugs), new.Drugs...)
	}
	return new
}

// link merges the tagger's findings into the paper's curated entity lists.
func (lib *Library) link(p *Paper, tags []string) {
	conds := slices.Clone(p.Conditions)
	drugs := slices.Clone(p.Drugs)
	for _, id := range tags {
		if lib.entities[id].Kind == KindCondition {
			conds = append(conds, id)
		} else {
			drugs = append(drugs, id)
		}
	}
	p.Conditions = uniqueSorted(lib.withParents(conds))
	p.Drugs = uniqueSorted(lib.withParents(drugs))
}

// withParents adds every ancestor of the given entities, so a paper about
// baricitinib also counts under "JAK inhibitor" and one about lichen
// planopilaris under "cicatricial alopecia". Cycles in a bad lexicon stop
// the walk instead of looping.
func (lib *Library) withParents(ids []string) []string {
	out := ids
	for _, id := range ids {
		seen := map[string]bool{id: true}
		for e, ok := lib.entities[id]; ok && e.Parent != "" && !seen[e.Parent]; e, ok = lib.entities[e.Parent] {
			seen[e.Parent] = true
			out = append(out, e.Parent)
		}
	}
	return out
}

func uniqueSorted(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Entity returns the lexicon entry with the given ID.
func (lib *Library) Entity(id string) (*Entity, bool) {
	e, ok := lib.entities[id]
	return e, ok
}

// Conditions returns the condition entities sorted by name.
func (lib *Library) Conditions() []*Entity { return lib.conditions }

// Drugs returns the drug and intervention entities sorted by name.
func (lib *Library) Drugs() []*Entity { return lib.drugs }

// Tagger returns the lexicon tagger, for readers that link imported papers.
func (lib *Library) Tagger() *Tagger { return lib.tagger }

// EntityNames returns the display names of the given entity IDs, skipping
// unknown ones.
func (lib *Library) EntityNames(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if e, ok := lib.entities[id]; ok {
			out = append(out, e.Name)
		}
	}
	return out
}

// FindEntity resolves what a user typed (an ID, a name, a synonym, a brand, a
// code or an abbreviation, in any case) to an entity of the given kind.
func (lib *Library) FindEntity(kind Kind, name string) (*Entity, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	list := lib.conditions
	if kind == KindDrug {
		list = lib.drugs
	}
	for _, e := range list {
		if strings.ToLower(e.ID) == want {
			return e, nil
		}
	}
	for _, e := range list {
		for _, n := range append(e.Names(), e.Abbreviations...) {
			if strings.ToLower(n) == want {
				return e, nil
			}
		}
	}
	return nil, fmt.Errorf("unknown %s %q", kind, name)
}
