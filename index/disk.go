package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/follicle/follicle/store"
)

// metaFile sits inside a finished index directory. It is written last, so an
// index without it was never completed and is never used.
const metaFile = "follicle-index.json"

// currentDir is the name of the index in use inside the index home.
const currentDir = "current"

// Meta describes what an index directory was built from.
type Meta struct {
	MappingVersion int       `json:"mapping_version"`
	Fingerprint    string    `json:"fingerprint"`
	Docs           uint64    `json:"docs"`
	Shards         int       `json:"shards"`
	Built          time.Time `json:"built"`
}

// Options say where the index lives and what it must match.
type Options struct {
	// Home is the directory that holds the index (e.g. ~/.cache/follicle/index).
	Home string
	// Fingerprint identifies the library content; a different one rebuilds.
	Fingerprint string
	// Progress, if set, is told about a rebuild as it goes.
	Progress Progress
	// Shards, if set, is the number of shards a build makes; otherwise
	// shardsFor decides.
	Shards int
}

// shelfFile holds the indexed papers themselves (see store.Shelf).
const shelfFile = "follicle-papers.shelf"

// OpenOrBuild opens the index under opts.Home when it was completed for the
// same mapping version and library fingerprint and holds every paper;
// otherwise it builds a new one beside it and swaps it in only once complete,
// so a crash or kill mid-build never leaves a broken index in use. It reports
// whether it rebuilt.
//
// lib may be deferred (store.NewDeferred): its papers are then read only
// for a build. Either way the Index reads papers from the shelf it keeps
// beside Bleve's files, so callers use Index.Library from then on.
func OpenOrBuild(ctx context.Context, lib *store.Library, opts Options) (*Index, bool, error) {
	quietBleve()
	current := filepath.Join(opts.Home, currentDir)
	removeStaleBuilds(opts.Home)
	if idx, err := openChecked(current, lib, opts.Fingerprint); err == nil {
		makePrivate(opts.Home) // an index built by an older version was world-readable
		return idx, false, nil
	}
	if err := os.MkdirAll(opts.Home, 0o700); err != nil {
		return nil, false, fmt.Errorf("create index home: %w", err)
	}
	full, err := lib.Loaded()
	if err != nil {
		return nil, false, err
	}
	built, unlock, err := buildDir(ctx, full, opts)
	if err != nil {
		return nil, false, err
	}
	defer unlock() // held until the build is swapped in, or removed
	if err := swapIn(built, current); err != nil {
		os.RemoveAll(filepath.Dir(built))
		// Another process may have swapped in the same index first.
		if idx, openErr := openChecked(current, lib, opts.Fingerprint); openErr == nil {
			return idx, true, nil
		}
		return nil, false, err
	}
	idx, err := openChecked(current, lib, opts.Fingerprint)
	if err != nil {
		return nil, false, fmt.Errorf("open freshly built index: %w", err)
	}
	return idx, true, nil
}

// openChecked opens dir read-only and verifies it against its meta file:
// Bleve's document count, the shelf and the tables must all hold the same
// papers. Any mismatch or damage is an error, which means "rebuild".
func openChecked(dir string, lib *store.Library, fingerprint string) (*Index, error) {
	meta, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	if meta.MappingVersion != MappingVersion || meta.Fingerprint != fingerprint {
		return nil, errors.New("index is out of date")
	}
	shelf, err := store.OpenShelf(filepath.Join(dir, shelfFile))
	if err != nil {
		return nil, err
	}
	ix, err := openWithShelf(dir, lib.OnShelf(shelf), meta)
	if err != nil {
		shelf.Close()
		return nil, err
	}
	ix.shelf = shelf
	ix.verify = startVerification(dir, shelf, ix.prepared)
	return ix, nil
}

func openWithShelf(dir string, lib *store.Library, meta Meta) (*Index, error) {
	if uint64(lib.Len()) != meta.Docs || meta.Shards < 1 || meta.Shards > 64 {
		return nil, fmt.Errorf("index %s: shelf holds %d papers in %d shards, expected %d", dir, lib.Len(), meta.Shards, meta.Docs)
	}
	table, err := readPaperTable(filepath.Join(dir, tablesFile), lib.Len())
	if err != nil {
		return nil, err
	}
	var shards []bleve.Index
	for k := range meta.Shards {
		idx, err := openShard(shardPath(dir, k), shardSize(lib.Len(), meta.Shards, k))
		if err != nil {
			for _, s := range shards {
				s.Close()
			}
			return nil, err
		}
		shards = append(shards, idx)
	}
	return newIndex(shards, lib, table, dir), nil
}

// openShard opens one shard read-only and checks it holds docs documents.
func openShard(path string, docs int) (_ bleve.Index, err error) {
	defer catchBleve(path, &err)()
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	n, err := idx.DocCount()
	if err != nil || n != uint64(docs) {
		idx.Close()
		return nil, fmt.Errorf("index %s holds %d documents, expected %d", path, n, docs)
	}
	return idx, nil
}

func readMeta(dir string) (Meta, error) {
	var m Meta
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return m, fmt.Errorf("read index meta: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("parse index meta %s: %w", dir, err)
	}
	return m, nil
}

// buildDir builds a complete index in a fresh directory under opts.Home and
// returns its path, and a function that releases the directory's build lock
// (see builddir.go). The meta file is written only after the document count
// has been verified.
func buildDir(ctx context.Context, lib *store.Library, opts Options) (string, func(), error) {
	dir, err := os.MkdirTemp(opts.Home, "build-")
	if err != nil {
		return "", nil, fmt.Errorf("create build directory: %w", err)
	}
	lock, err := lockBuild(dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("lock build directory: %w", err)
	}
	path, err := buildInto(ctx, dir, lib, opts)
	if err != nil {
		lock.Close()
		os.RemoveAll(dir)
		return "", nil, err
	}
	return path, func() { lock.Close() }, nil
}

// buildInto builds the index, its sidecars and its meta file in dir/index.
func buildInto(ctx context.Context, dir string, lib *store.Library, opts Options) (string, error) {
	path := filepath.Join(dir, "index")
	shards := shardsFor(lib.Len(), opts.Shards)
	if err := buildAt(ctx, path, lib, shards, opts.Progress); err != nil {
		return "", err
	}
	if err := writeSidecars(path, lib); err != nil {
		return "", err
	}
	meta := Meta{MappingVersion: MappingVersion, Fingerprint: opts.Fingerprint,
		Docs: uint64(lib.Len()), Shards: shards, Built: time.Now().UTC()}
	b, _ := json.MarshalIndent(meta, "", "  ")
	makePrivate(path)
	if err := writeFileSync(filepath.Join(path, metaFile), b); err != nil {
		return "", fmt.Errorf("write index meta: %w", err)
	}
	return path, nil
}

func buildAt(ctx context.Context, path string, lib *store.Library, shards int, progress Progress) error {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return fmt.Errorf("create index %s: %w", path, err)
	}
	var idxs []bleve.Index
	closeAll := func() error {
		var err error
		for _, idx := range idxs {
			if cerr := idx.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close built index: %w", cerr)
			}
		}
		return err
	}
	for k := range shards {
		idx, err := bleve.New(shardPath(path, k), NewMapping())
		if err != nil {
			closeAll()
			return fmt.Errorf("create index %s: %w", shardPath(path, k), err)
		}
		idxs = append(idxs, idx)
	}
	if err := fill(ctx, idxs, lib, progress); err != nil {
		closeAll()
		return err
	}
	var err error
	for k, idx := range idxs {
		n, cerr := idx.DocCount()
		if want := shardSize(lib.Len(), shards, k); cerr == nil && n != uint64(want) {
			err = fmt.Errorf("index shard %d holds %d documents after build, expected %d", k, n, want)
			break
		}
	}
	if cerr := closeAll(); err == nil {
		err = cerr
	}
	return err
}

// shardPath is where shard k of the index at path lives.
func shardPath(path string, k int) string { return filepath.Join(path, fmt.Sprintf("shard-%d", k)) }

// shardSize is how many of papers papers shard k of shards holds.
func shardSize(papers, shards, k int) int {
	return papers/shards + btoi(k < papers%shards)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// shardsFor is how many shards a library of papers papers gets: one per
// core (at most maxShards) once it is large enough that one search's
// matches are worth splitting, so a large query uses every core.
func shardsFor(papers, requested int) int {
	if requested > 0 {
		return requested
	}
	if papers < minShardedPapers {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), maxShards))
}

const (
	minShardedPapers = 20000
	maxShards        = 4
)

// writeSidecars writes the shelf and the paper tables beside Bleve's files.
func writeSidecars(path string, lib *store.Library) error {
	if err := store.WriteShelf(filepath.Join(path, shelfFile), lib); err != nil {
		return err
	}
	t, err := newPaperTable(lib)
	if err != nil {
		return err
	}
	return t.write(filepath.Join(path, tablesFile))
}

// swapIn replaces current with built. The old index is moved aside first and
// removed only after the new one is in place.
func swapIn(built, current string) error {
	old := current + ".old"
	os.RemoveAll(old)
	if _, err := os.Stat(current); err == nil {
		if err := os.Rename(current, old); err != nil {
			return fmt.Errorf("move old index aside: %w", err)
		}
	}
	if err := os.Rename(built, current); err != nil {
		return fmt.Errorf("swap in new index: %w", err)
	}
	os.RemoveAll(filepath.Dir(built))
	os.RemoveAll(old)
	return nil
}

func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
