package importer

import (
	"context"
	"fmt"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/vocab"
)

// Retag re-tags the library's papers that carry no annotations when the
// vocabulary version has moved since they were tagged (a vocabulary was
// imported or removed, or an annotated import taught new names), and
// records the version. Annotated papers keep their annotations' concepts,
// mapped to the concept the library now knows them as (learned names can
// show that an annotation's old supplementary concept is a descriptor's
// drug); entities no paper links any more are removed. Papers are tagged once, at import; a start never
// tags. It returns how many papers' links changed.
func Retag(ctx context.Context, db *store.DB, lib *store.Library, lex *vocab.Lexicon) (int, error) {
	tagged, err := db.TaggedVersion()
	if err != nil || tagged == lex.Version {
		return 0, err
	}
	papers, err := db.Papers()
	if err != nil {
		return 0, err
	}
	l := newLinker(lib, nil, lex)
	changed := 0
	var batch []store.LinkUpdate
	flush := func() error {
		n, err := db.UpdateLinks(batch, l.takePending())
		changed += n
		batch = batch[:0]
		return err
	}
	linked := map[string]bool{}
	for i := range papers {
		p := &papers[i]
		l.relink(p) // UpdateLinks writes only the papers whose links moved
		for _, id := range append(p.Conditions, p.Drugs...) {
			linked[id] = true
		}
		batch = append(batch, store.LinkUpdate{PMID: p.PMID, Conditions: p.Conditions, Drugs: p.Drugs, Indexed: p.Indexed, Mentions: p.Mentions, Annotated: p.Annotated})
		if len(batch) >= DefaultBatch {
			if err := ctx.Err(); err != nil {
				return changed, err
			}
			if err := flush(); err != nil {
				return changed, err
			}
		}
	}
	if err := flush(); err != nil {
		return changed, err
	}
	if err := pruneEntities(db, linked); err != nil {
		return changed, err
	}
	if err := db.SetTaggedVersion(lex.Version); err != nil {
		return changed, fmt.Errorf("retag: %w", err)
	}
	return changed, nil
}

// relink maps p's indexed IDs to their concepts now and, for a paper
// without annotations, tags it again.
func (l *linker) relink(p *store.Paper) {
	if !p.Tagged {
		// Imported before imports tagged: its links are all that is known
		// of its annotations and headings, so they are kept.
		p.Indexed = append(append(p.Indexed, p.Conditions...), p.Drugs...)
	}
	for i, id := range p.Indexed {
		p.Indexed[i] = l.canonical(id)
	}
	p.Indexed = uniq(p.Indexed)
	if !p.Annotated {
		p.Mentions = nil
		l.tag(p)
		return
	}
	for i := range p.Mentions {
		p.Mentions[i].ID = l.canonical(p.Mentions[i].ID)
	}
	l.tag(p)
}

// pruneEntities removes the entities imports made that no paper links.
func pruneEntities(db *store.DB, linked map[string]bool) error {
	entities, err := db.Entities()
	if err != nil {
		return err
	}
	var orphans []string
	for _, e := range entities {
		if !linked[e.ID] && isCreatedID(e.ID) {
			orphans = append(orphans, e.ID)
		}
	}
	return db.RemoveEntities(orphans)
}
