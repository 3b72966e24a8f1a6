package store

import (
	"encoding/binary"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// subHistory holds a user's search history: keys are big-endian sequence
// numbers (so a cursor reads oldest first), values are queries.
var subHistory = []byte("history")

// MaxHistory is how many past queries a user keeps.
const MaxHistory = 200

// maxHistoryQuery caps one remembered query (the index refuses longer ones).
const maxHistoryQuery = 1000

// AddHistory records query as user's newest search; an earlier copy of the
// same query is dropped and the oldest beyond MaxHistory are forgotten.
func (s *StateDB) AddHistory(user, query string) error {
	query = strings.TrimSpace(CleanText(query))
	if query == "" || len(query) > maxHistoryQuery {
		return nil
	}
	return s.update(user, func(u *bolt.Bucket) error {
		h, err := u.CreateBucketIfNotExists(subHistory)
		if err != nil {
			return err
		}
		var keys, drop [][]byte
		c := h.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			key := append([]byte(nil), k...)
			if string(v) == query {
				drop = append(drop, key)
				continue
			}
			keys = append(keys, key)
		}
		if over := len(keys) + 1 - MaxHistory; over > 0 {
			drop = append(drop, keys[:over]...)
		}
		for _, k := range drop {
			if err := h.Delete(k); err != nil {
				return err
			}
		}
		seq, err := h.NextSequence()
		if err != nil {
			return err
		}
		return h.Put(binary.BigEndian.AppendUint64(nil, seq), []byte(query))
	})
}

// readHistory returns the queries of a history bucket, oldest first.
func readHistory(h *bolt.Bucket) []string {
	if h == nil {
		return nil
	}
	var out []string
	h.ForEach(func(_, v []byte) error {
		out = append(out, string(v))
		return nil
	})
	return out
}

// AddHistory implements the UI's state store.
func (f StateFile) AddHistory(user, query string) error {
	return f.with(func(db *StateDB) error { return db.AddHistory(user, query) })
}
