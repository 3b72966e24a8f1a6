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
// records the version. Papers are tagged once, at import; a start never
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
	for i := range papers {
		p := &papers[i]
		if p.Annotated {
			continue
		}
		p.Mentions = nil
		l.tag(p) // UpdateLinks writes only the papers whose links moved
		batch = append(batch, store.LinkUpdate{PMID: p.PMID, Conditions: p.Conditions, Drugs: p.Drugs, Mentions: p.Mentions})
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
	if err := db.SetTaggedVersion(lex.Version); err != nil {
		return changed, fmt.Errorf("retag: %w", err)
	}
	return changed, nil
}
