package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DB is the user's library on disk: the papers they imported and the
// entities created for them. It is the source of truth (the Bleve index is
// derived from it), so every change is a bbolt transaction: a crash or a kill
// keeps either all of a batch or none of it.
type DB struct {
	bolt *bolt.DB
	path string
}

var (
	bucketPapers   = []byte("papers")   // PMID → storedPaper JSON
	bucketDOIs     = []byte("dois")     // lower-case DOI → PMID
	bucketEntities = []byte("entities") // entity ID → Entity JSON
	bucketMeta     = []byte("meta")
	keyGeneration  = []byte("generation")
)

// ErrLocked means another Follicle process holds the library for writing.
var ErrLocked = errors.New("the library is in use by another follicle process")

// storedPaper is a paper with what the library needs to merge versions.
type storedPaper struct {
	Paper
	Version    int       `json:"version,omitempty"`
	ImportedAt time.Time `json:"imported_at"`
}

// OpenDB opens (creating if needed) the library at path. A read-only open
// shares the file with other readers; a writer waits at most a second for
// the lock and then reports ErrLocked.
func OpenDB(path string, readOnly bool) (*DB, error) {
	if !readOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create library directory: %w", err)
		}
	} else if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	b, err := openBolt(path, libraryKind, &bolt.Options{Timeout: time.Second, ReadOnly: readOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open library %s: %w", path, ErrLocked)
	}
	if errors.Is(err, ErrDamaged) || errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	db := &DB{bolt: b, path: path}
	if !readOnly {
		err = db.update(func(tx *bolt.Tx) error {
			for _, name := range [][]byte{bucketPapers, bucketDOIs, bucketEntities, bucketMeta} {
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("initialise library %s: %w", path, err)
		}
	}
	return db, nil
}

// Close closes the library file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is where the library file lives.
func (db *DB) Path() string { return db.path }

// Change is one edit of the library: a paper to add or replace (with its
// source version), or a PMID to delete.
type Change struct {
	Put     *Paper
	Version int
	Delete  string
}

// ApplyResult counts what a batch of changes did.
type ApplyResult struct {
	Added, Updated, Unchanged, Older, Deleted, NotFound int
}

// Add sums two results.
func (r *ApplyResult) Add(o ApplyResult) {
	r.Added += o.Added
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
	r.Older += o.Older
	r.Deleted += o.Deleted
	r.NotFound += o.NotFound
}

// Apply makes a batch of changes in one transaction. Papers are matched by
// PMID, then by DOI; an identical record changes nothing, an older version
// never replaces a newer one. New entities are stored with the batch.
func (db *DB) Apply(changes []Change, entities []Entity) (ApplyResult, error) {
	var res ApplyResult
	err := db.update(func(tx *bolt.Tx) error {
		res = ApplyResult{}
		for _, c := range changes {
			if err := applyOne(tx, c, &res); err != nil {
				return err
			}
		}
		changed, err := putEntities(tx, entities)
		if err != nil {
			return err
		}
		if res.Added+res.Updated+res.Deleted > 0 || changed > 0 {
			return bumpGeneration(tx)
		}
		return nil
	})
	if err != nil {
		return ApplyResult{}, fmt.Errorf("write library %s: %w", db.path, err)
	}
	return res, nil
}

func applyOne(tx *bolt.Tx, c Change, res *ApplyResult) error {
	papers, dois := tx.Bucket(bucketPapers), tx.Bucket(bucketDOIs)
	if c.Put == nil {
		return deletePaper(papers, dois, c.Delete, res)
	}
	p := *c.Put
	key := []byte(p.PMID)
	old := papers.Get(key)
	if old == nil && p.DOI != "" {
		if other := dois.Get([]byte(strings.ToLower(p.DOI))); other != nil {
			key, old = append([]byte(nil), other...), papers.Get(other)
			p.PMID = string(key)
		}
	}
	if old != nil {
		var prev storedPaper
		if err := json.Unmarshal(old, &prev); err != nil {
			return fmt.Errorf("paper %s is corrupt: %w", key, err)
		}
		switch {
		case c.Version < prev.Version:
			res.Older++
			return nil
		case samePaper(prev.Paper, p):
			res.Unchanged++
			return nil
		}
		res.Updated++
		if prev.DOI != "" && !strings.EqualFold(prev.DOI, p.DOI) {
			if err := dois.Delete([]byte(strings.ToLower(prev.DOI))); err != nil {
				return err
			}
		}
	} else {
		res.Added++
	}
	return putPaper(papers, dois, key, storedPaper{Paper: p, Version: c.Version, ImportedAt: time.Now().UTC()})
}

func samePaper(a, b Paper) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func putPaper(papers, dois *bolt.Bucket, key []byte, sp storedPaper) error {
	b, err := json.Marshal(sp)
	if err != nil {
		return fmt.Errorf("encode paper %s: %w", key, err)
	}
	if err := papers.Put(key, b); err != nil {
		return err
	}
	if sp.DOI != "" {
		return dois.Put([]byte(strings.ToLower(sp.DOI)), key)
	}
	return nil
}

func deletePaper(papers, dois *bolt.Bucket, pmid string, res *ApplyResult) error {
	old := papers.Get([]byte(pmid))
	if old == nil {
		res.NotFound++
		return nil
	}
	var prev storedPaper
	if json.Unmarshal(old, &prev) == nil && prev.DOI != "" {
		if err := dois.Delete([]byte(strings.ToLower(prev.DOI))); err != nil {
			return err
		}
	}
	res.Deleted++
	return papers.Delete([]byte(pmid))
}

// putEntities stores entities and says how many were new or different.
func putEntities(tx *bolt.Tx, entities []Entity) (int, error) {
	b := tx.Bucket(bucketEntities)
	changed := 0
	for _, e := range entities {
		j, err := json.Marshal(e)
		if err != nil {
			return 0, fmt.Errorf("encode entity %s: %w", e.ID, err)
		}
		if bytes.Equal(b.Get([]byte(e.ID)), j) {
			continue
		}
		changed++
		if err := b.Put([]byte(e.ID), j); err != nil {
			return 0, err
		}
	}
	return changed, nil
}

func bumpGeneration(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	var g uint64
	if v := meta.Get(keyGeneration); len(v) == 8 {
		g = binary.BigEndian.Uint64(v)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], g+1)
	return meta.Put(keyGeneration, buf[:])
}
