package main

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// referenceEngine names the yardstick of the regression gate: Bleve on its
// own, measured beside Follicle in the same run (see gate.go).
const referenceEngine = "bleve"

// referenceDoc is what the reference build indexes of a paper: the same
// text Follicle indexes, in a plain Bleve mapping.
type referenceDoc struct {
	Title   string   `json:"title"`
	Text    string   `json:"text"`
	Journal string   `json:"journal"`
	Authors []string `json:"authors"`
	MeSH    []string `json:"mesh"`
	Year    float64  `json:"year"`
}

// referenceBuild indexes lib's papers with Bleve alone (English analysis,
// one index per core as Follicle splits a large library, batches of 500)
// under dir, and returns how long it took. It is the yardstick of
// Follicle's build speed: the same CPU-bound analysis and segment encoding,
// on the same papers, in the same minute.
func referenceBuild(ctx context.Context, lib *store.Library, dir string) (time.Duration, error) {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = "en"
	parts := min(runtime.NumCPU(), 4)
	start := time.Now()
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[k] = referenceShard(ctx, lib, filepath.Join(dir, "ref-"+strconv.Itoa(k)), m, k, parts)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, fmt.Errorf("reference build: %w", err)
		}
	}
	return time.Since(start), nil
}

// referenceShard indexes every parts-th paper of lib from the k-th.
func referenceShard(ctx context.Context, lib *store.Library, dir string, m mapping.IndexMapping, k, parts int) error {
	ix, err := bleve.New(dir, m)
	if err != nil {
		return err
	}
	defer ix.Close()
	b := ix.NewBatch()
	for i := k; i < lib.Len(); i += parts {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := lib.PaperAt(i)
		if err != nil {
			return err
		}
		doc := referenceDoc{Title: p.Title, Text: p.Text(), Journal: p.Journal, Authors: p.Authors, MeSH: p.MeSH, Year: float64(p.Year)}
		if err := b.Index(p.PMID, doc); err != nil {
			return err
		}
		if b.Size() >= 500 {
			if err := ix.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
	}
	return ix.Batch(b)
}

// throughputBeside measures queries per second with workers searching the
// one shared index at once, Follicle's path and the reference's in
// alternating slices of a quarter of d each, so that a slow moment of the
// machine falls on both. It returns (Follicle, reference).
func throughputBeside(ctx context.Context, ix *index.Index, qs []query, workers int, d time.Duration) (float64, float64) {
	const slices = 4
	var own, ref float64
	for s := range 2 * slices {
		search := ix.Search
		if s%2 == 1 {
			search = ix.SearchReference
		}
		qps := throughput(ctx, search, qs, workers, d/slices)
		if s%2 == 0 {
			own += qps / slices
		} else {
			ref += qps / slices
		}
	}
	return own, ref
}

// jitterClass names the figures of the machine's own delays, measured
// beside the searches (see spinner).
const jitterClass = "jitter"

// spinner is a fixed piece of CPU work, timed once beside every query pair.
// On a quiet machine it takes the same time every run; on a busy one its
// spread (p50 and p90 over its fastest runs) is the scheduling delay every
// search of that moment also suffered, in milliseconds, which the gate
// allows for (see gate.go).
type spinner struct {
	buf [4096]byte
	sum uint64
}

// time runs the work once and returns how long it took.
func (s *spinner) time() time.Duration {
	start := time.Now()
	h := uint64(14695981039346656037)
	for range 16 {
		for i := range s.buf {
			h = (h ^ uint64(s.buf[i])) * 1099511628211
			s.buf[i] = byte(h)
		}
	}
	s.sum += h
	return time.Since(start)
}
