package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Generation counts committed changes; the index fingerprint includes it,
// so any change to the library rebuilds or updates the derived index.
func (db *DB) Generation() (uint64, error) {
	var g uint64
	err := db.view(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			if v := meta.Get(keyGeneration); len(v) == 8 {
				g = binary.BigEndian.Uint64(v)
			}
		}
		return nil
	})
	return g, err
}

// Papers returns every imported paper, ordered by PMID as stored.
func (db *DB) Papers() ([]Paper, error) {
	var out []Paper
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPapers)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var sp storedPaper
			if err := json.Unmarshal(v, &sp); err != nil {
				return fmt.Errorf("paper %s is corrupt: %w", k, err)
			}
			sp.Paper.Origin = OriginImported
			out = append(out, sp.Paper)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read library %s: %w", db.path, err)
	}
	return out, nil
}

// Entities returns the entities created by imports.
func (db *DB) Entities() ([]Entity, error) {
	var out []Entity
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEntities)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var e Entity
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("entity %s is corrupt: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read library %s: %w", db.path, err)
	}
	return out, nil
}

// Count returns how many papers the library holds.
func (db *DB) Count() (int, error) {
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketPapers); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n, err
}

// view runs a read transaction; damage found inside it is an error, not a
// crash.
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	defer catchDamage(db.path, libraryKind, &err)()
	return db.bolt.View(fn)
}

// update runs a write transaction the same way.
func (db *DB) update(fn func(*bolt.Tx) error) (err error) {
	defer catchDamage(db.path, libraryKind, &err)()
	return db.bolt.Update(fn)
}
