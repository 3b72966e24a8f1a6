package store

import (
	"errors"
	"fmt"
)

// ErrNoPaper means the library holds no paper with the asked-for PMID.
var ErrNoPaper = errors.New("no such paper in the library")

// Len is the number of papers in the library.
func (lib *Library) Len() int {
	if lib.shelf != nil {
		return lib.shelf.Len()
	}
	return len(lib.papers)
}

// PMID returns the PMID of the paper at position i without reading the
// paper.
func (lib *Library) PMID(i int) string {
	if lib.shelf != nil {
		return lib.shelf.PMID(i)
	}
	return lib.papers[i].PMID
}

// PaperAt returns the paper at position i (0 ≤ i < Len), read from disk for
// a shelved library. Papers are shared: callers must not modify them.
func (lib *Library) PaperAt(i int) (*Paper, error) {
	if lib.shelf != nil {
		return lib.shelf.Paper(i)
	}
	return &lib.papers[i], nil
}

// Paper returns the paper with the given PMID, or ErrNoPaper.
func (lib *Library) Paper(pmid string) (*Paper, error) {
	i, ok := lib.PaperIndex(pmid)
	if !ok {
		return nil, fmt.Errorf("PMID %s: %w", pmid, ErrNoPaper)
	}
	return lib.PaperAt(i)
}

// PaperIndex returns the position of the paper with the given PMID, for
// callers that keep per-paper tables.
func (lib *Library) PaperIndex(pmid string) (int, bool) {
	if lib.shelf != nil {
		return lib.shelf.Find(pmid)
	}
	i, ok := lib.byPMID[pmid]
	return i, ok
}

// Each calls fn with every paper in library order, stopping at the first
// error.
func (lib *Library) Each(fn func(i int, p *Paper) error) error {
	for i := range lib.Len() {
		p, err := lib.PaperAt(i)
		if err != nil {
			return err
		}
		if err := fn(i, p); err != nil {
			return err
		}
	}
	return nil
}

// All returns every paper in library order.
func (lib *Library) All() ([]*Paper, error) {
	out := make([]*Paper, 0, lib.Len())
	err := lib.Each(func(_ int, p *Paper) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// Loaded returns the library with every paper read and linked: lib itself
// unless it was opened deferred.
func (lib *Library) Loaded() (*Library, error) {
	if lib.load == nil {
		return lib, nil
	}
	return lib.load()
}

// OnShelf returns a library with lib's lexicon whose papers are the ones on
// s (written from a library with the same lexicon).
func (lib *Library) OnShelf(s *Shelf) *Library {
	return &Library{entities: lib.entities, conditions: lib.conditions, drugs: lib.drugs,
		tagger: lib.tagger, shelf: s}
}

// Shelved reports whether the library's papers are read from a shelf.
func (lib *Library) Shelved() bool { return lib.shelf != nil }
