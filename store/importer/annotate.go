package importer

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/formats"
)

// AnnotateSummary counts what adding annotations did.
type AnnotateSummary struct {
	Documents    int // documents read
	Annotated    int // library papers that gained annotations
	NotInLibrary int // documents for papers the library does not hold
	Changed      int // papers whose links changed
	NamesLearned int
}

// Add sums two summaries.
func (s *AnnotateSummary) Add(o AnnotateSummary) {
	s.Documents += o.Documents
	s.Annotated += o.Annotated
	s.NotInLibrary += o.NotInLibrary
	s.Changed += o.Changed
	s.NamesLearned += o.NamesLearned
}

func (s AnnotateSummary) String() string {
	return fmt.Sprintf("%d annotated documents read: %d library papers annotated (%d with new links), %d not in the library, %d names learned",
		s.Documents, s.Annotated, s.Changed, s.NotInLibrary, s.NamesLearned)
}

// Annotations adds the annotations of an annotated file (PubTator3's BioC
// or PubTator answers) to the papers the library already holds, as their
// most trusted links: a paper keeps its bibliographic record and its
// indexing (MeSH headings, chemical list), gains the annotations'
// concepts and mentions, and is never re-tagged by the recogniser again.
// Documents of papers not in the library are skipped.
func Annotations(ctx context.Context, db *store.DB, name string, r io.Reader, opts Options) (AnnotateSummary, error) {
	var sum AnnotateSummary
	reader, _, err := formats.Open(name, r)
	if err != nil {
		return sum, err
	}
	l := newLinker(opts.Lexicon, opts.MeSH, opts.Vocab)
	var batch []store.LinkUpdate
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		rec, err := reader.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sum, err
		}
		sum.Documents++
		u, ok, err := annotatePaper(db, l, rec)
		if err != nil {
			return sum, err
		}
		switch {
		case !ok && u.PMID == "":
			sum.NotInLibrary++
		case ok:
			sum.Annotated++
			batch = append(batch, u)
		}
	}
	n, err := db.UpdateLinks(batch, l.takePending())
	sum.Changed = n
	if err != nil {
		return sum, err
	}
	if len(l.learned) > 0 {
		sum.NamesLearned, err = db.AddLearned(l.learned)
	}
	return sum, err
}

// annotatePaper links the stored paper of rec's PMID through rec's
// annotations; ok is false when the paper is missing (u.PMID empty) or rec
// has no annotation of a condition or a drug.
func annotatePaper(db *store.DB, l *linker, rec store.Record) (store.LinkUpdate, bool, error) {
	p, found, err := db.PaperByPMID(rec.Paper.PMID)
	if err != nil || !found {
		return store.LinkUpdate{}, false, err
	}
	before := p.Indexed
	annotated := store.Record{Paper: p, Annotations: rec.Annotations}
	l.link(&annotated)
	q := annotated.Paper
	if !q.Annotated {
		return store.LinkUpdate{PMID: p.PMID}, false, nil
	}
	q.Indexed = uniq(append(q.Indexed, before...))
	l.tag(&q)
	return store.LinkUpdate{PMID: q.PMID, Conditions: q.Conditions, Drugs: q.Drugs, Indexed: q.Indexed,
		Mentions: q.Mentions, Annotated: true}, true, nil
}
