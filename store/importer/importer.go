// Package importer brings papers from PubMed exports into the user's
// library: it detects the format, reads records, links them to conditions
// and drugs, and writes them in transactional batches, so a crash, a kill or
// Ctrl+C leaves whole batches and never half a record.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/formats"
	"github.com/follicle/follicle/store/vocab"
)

// DefaultBatch is how many records one transaction writes.
const DefaultBatch = 1000

// maxSkipReasons bounds how many skip reasons a summary keeps verbatim.
const maxSkipReasons = 20

// Options tune an import.
type Options struct {
	Lexicon  *store.Library // bundled lexicon plus earlier imports' entities
	MeSH     MeSHTree       // optional, from --mesh
	Vocab    *vocab.Lexicon // optional: the library's vocabularies and learned names
	Batch    int
	Progress func(Progress) // called after every batch
}

// Progress reports how far an import has come.
type Progress struct {
	File    string
	Records int
	Elapsed time.Duration
}

// Summary counts what an import did.
type Summary struct {
	Files           int
	Read            int
	Result          store.ApplyResult
	Skipped         int
	SkipReasons     []string
	Linked          int // papers linked to at least one condition or drug
	EntitiesCreated int
	NamesLearned    int // (concept, mention text) pairs that gained a paper
	Elapsed         time.Duration
}

// File imports one input into db. Records before a malformed one are kept;
// a malformed record is skipped with its reason; an unreadable rest of the
// file stops this file with an error. Cancelling ctx stops between batches.
func File(ctx context.Context, db *store.DB, name string, r io.Reader, opts Options) (Summary, error) {
	start := time.Now()
	sum := Summary{Files: 1}
	reader, _, err := formats.Open(name, r)
	if err != nil {
		return sum, err
	}
	if opts.Batch <= 0 {
		opts.Batch = DefaultBatch
	}
	l := newLinker(opts.Lexicon, opts.MeSH, opts.Vocab)
	var batch []store.Change
	flush := func() error {
		res, err := db.Apply(batch, l.takePending())
		if err != nil {
			return err
		}
		sum.Result.Add(res)
		if len(l.learned) > 0 {
			n, err := db.AddLearned(l.learned)
			if err != nil {
				return err
			}
			sum.NamesLearned += n
			l.learned = l.learned[:0]
		}
		batch = batch[:0]
		if opts.Progress != nil {
			opts.Progress(Progress{File: name, Records: sum.Read, Elapsed: time.Since(start)})
		}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			sum.Elapsed = time.Since(start)
			return sum, err
		}
		rec, err := reader.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *store.ParseError
		if errors.As(err, &pe) && !pe.Fatal {
			sum.skip(err)
			continue
		}
		if err != nil {
			if ferr := flush(); ferr != nil {
				return sum, ferr
			}
			sum.Elapsed = time.Since(start)
			return sum, err
		}
		sum.Read++
		batch = append(batch, sum.changes(l, rec)...)
		if len(batch) >= opts.Batch {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	err = flush()
	sum.EntitiesCreated = l.fresh
	sum.Elapsed = time.Since(start)
	return sum, err
}

// changes turns one record into library changes.
func (s *Summary) changes(l *linker, rec store.Record) []store.Change {
	var out []store.Change
	for _, pmid := range rec.Deleted {
		out = append(out, store.Change{Delete: pmid})
	}
	if rec.Paper.PMID == "" {
		return out
	}
	l.link(&rec)
	p := rec.Paper
	if len(p.Conditions)+len(p.Drugs) > 0 {
		s.Linked++
	}
	return append(out, store.Change{Put: &p, Version: rec.Version})
}

func (s *Summary) skip(err error) {
	s.Skipped++
	if len(s.SkipReasons) < maxSkipReasons {
		s.SkipReasons = append(s.SkipReasons, err.Error())
	}
}

// Add sums another file's summary into s.
func (s *Summary) Add(o Summary) {
	s.Files += o.Files
	s.Read += o.Read
	s.Result.Add(o.Result)
	s.Skipped += o.Skipped
	for _, r := range o.SkipReasons {
		if len(s.SkipReasons) < maxSkipReasons {
			s.SkipReasons = append(s.SkipReasons, r)
		}
	}
	s.Linked += o.Linked
	s.EntitiesCreated += o.EntitiesCreated
	s.NamesLearned += o.NamesLearned
	s.Elapsed += o.Elapsed
}

func uniq(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// String is the one-paragraph summary the command prints.
func (s Summary) String() string {
	r := s.Result
	return fmt.Sprintf("read %s from %s in %s: %d added, %d updated, %d unchanged, %d older versions ignored, %d deleted (%d deletions of papers not in the library), %d skipped; %s linked to conditions or drugs, %s, %s learned",
		countOf(s.Read, "record"), countOf(s.Files, "file"), s.Elapsed.Round(time.Millisecond), r.Added, r.Updated, r.Unchanged, r.Older, r.Deleted, r.NotFound, s.Skipped,
		countOf(s.Linked, "paper"), countOf(s.EntitiesCreated, "new entit"), countOf(s.NamesLearned, "name"))
}

// countOf is "1 record", "2 records" ("new entit" becomes entity/entities).
func countOf(n int, noun string) string {
	one, many := noun, noun+"s"
	if strings.HasSuffix(noun, "entit") {
		one, many = noun+"y", noun+"ies"
	}
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
