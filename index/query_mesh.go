package index

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// MeSHTree maps a MeSH descriptor's name to its tree numbers ("Alopecia"
// → C17.800.329.937.122, C23.300.035): what PubMed's [mh] explodes along.
type MeSHTree map[string][]string

// meshIndex answers "which headings are under this one" from a tree.
type meshIndex struct {
	trees map[string][]string // lower-case name → tree numbers
	// headings are those some paper of the library has: an exploded
	// heading asks only for those (Neoplasms has hundreds of headings
	// under it, most in no paper).
	headings map[string]bool
	// positions are every tree number with its descriptor's name, sorted
	// by tree number, so the headings under a number are one range.
	positions []meshPosition
}

type meshPosition struct{ number, name string }

func newMeSHIndex(t MeSHTree) *meshIndex {
	m := &meshIndex{trees: make(map[string][]string, len(t))}
	for name, numbers := range t {
		m.trees[strings.ToLower(name)] = numbers
		for _, n := range numbers {
			m.positions = append(m.positions, meshPosition{n, name})
		}
	}
	sort.Slice(m.positions, func(i, j int) bool { return m.positions[i].number < m.positions[j].number })
	return m
}

// explode returns the heading's own name and those of every heading under
// it, in lower case; ok is false for a name not in the tree.
func (m *meshIndex) explode(heading string) (names []string, ok bool) {
	numbers, ok := m.trees[strings.ToLower(heading)]
	if !ok {
		return nil, false
	}
	seen := map[string]bool{strings.ToLower(heading): true}
	names = append(names, strings.ToLower(heading))
	for _, n := range numbers {
		i := sort.Search(len(m.positions), func(i int) bool { return m.positions[i].number >= n+"." })
		for ; i < len(m.positions) && strings.HasPrefix(m.positions[i].number, n+"."); i++ {
			if name := strings.ToLower(m.positions[i].name); !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	return names, true
}

// meshSource loads the library's MeSH tree once, when a query first
// needs it: most sessions never ask for [mh].
type meshSource struct {
	load func() (MeSHTree, error)
	once sync.Once
	tree *meshIndex
	err  error
}

// SetMeSHSource gives the index a way to read the library's MeSH tree (nil
// tree: the library has none; a nil func forgets it). Call it before
// searching.
func (ix *Index) SetMeSHSource(load func() (MeSHTree, error)) {
	if load == nil {
		ix.mesh = nil
		return
	}
	ix.mesh = &meshSource{load: load}
}

// meshTree is the library's tree, or nil.
func (ix *Index) meshTree() (*meshIndex, error) {
	s := ix.mesh
	if s == nil {
		return nil, nil
	}
	s.once.Do(func() {
		t, err := s.load()
		if err != nil {
			s.err = fmt.Errorf("mesh tree: %w", err)
			return
		}
		if len(t) > 0 {
			s.tree = newMeSHIndex(t)
			s.tree.headings, s.err = ix.headingsInLibrary()
		}
	})
	return s.tree, s.err
}

// headingsInLibrary lists the MeSH headings of the library's papers from
// the index's dictionary.
func (ix *Index) headingsInLibrary() (map[string]bool, error) {
	out := map[string]bool{}
	for _, shard := range ix.shards {
		dict, err := shard.FieldDict(FieldMeSHHeading)
		if err != nil {
			return nil, fmt.Errorf("mesh headings: %w", err)
		}
		for {
			entry, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, fmt.Errorf("mesh headings: %w", err)
			}
			if entry == nil {
				break
			}
			out[entry.Term] = true
		}
		if err := dict.Close(); err != nil {
			return nil, fmt.Errorf("mesh headings: %w", err)
		}
	}
	return out, nil
}

// inLibrary keeps the names some paper has.
func (m *meshIndex) inLibrary(names []string) []string {
	var out []string
	for _, n := range names {
		if m.headings[n] {
			out = append(out, n)
		}
	}
	return out
}

// explodedMeSH matches papers with the heading or any heading under it,
// exactly (FieldMeSHHeading), as PubMed's [mh] does.
func explodedMeSH(names []string) query.Query {
	if len(names) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	terms := make([]query.Query, len(names))
	for i, n := range names {
		terms[i] = keywordTerm(FieldMeSHHeading, n)
	}
	if len(terms) == 1 {
		return filter(terms[0])
	}
	return filter(bleve.NewDisjunctionQuery(terms...))
}
