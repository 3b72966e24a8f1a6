package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Personal is one user's study state: a reading list, read status, tags,
// notes and saved searches. It is kept apart from the library, so that on a
// shared server every user has their own.
type Personal struct {
	Marked map[string]time.Time // PMID → when marked
	Read   map[string]time.Time // PMID → when read
	Tags   map[string][]string  // PMID → sorted tags
	Notes  map[string]string    // PMID → note
	Saved  []SavedSearch        // in order of creation: their numbers in the explorer
	// History is the user's past queries, oldest first (↑ in the search
	// box walks back through them).
	History []string
}

// SavedSearch is a query with its filters and sort, recalled by name.
type SavedSearch struct {
	Name       string   `json:"name"`
	Query      string   `json:"query"`
	Conditions []string `json:"conditions,omitempty"`
	Drugs      []string `json:"drugs,omitempty"`
	Source     string   `json:"source,omitempty"`
	Sort       string   `json:"sort,omitempty"`
	// MarkedOnly narrows the search to the reading list.
	MarkedOnly bool `json:"marked_only,omitempty"`
	// Created orders the saved searches, so that saving one never
	// renumbers the others (zero for those saved before it was kept).
	Created time.Time `json:"created,omitzero"`
}

// StateDB stores personal state for one or many users, each in a bucket of
// their own; every change is its own transaction, so a kill loses nothing
// already acknowledged.
type StateDB struct {
	bolt *bolt.DB
	path string
}

var (
	bucketUsers  = []byte("users")
	subMarked    = []byte("marked")
	subRead      = []byte("read")
	subTags      = []byte("tags")
	subNotes     = []byte("notes")
	subSaved     = []byte("saved")
	maxNoteBytes = 64 << 10
)

// OpenStateDB opens (creating) the state file at path.
func OpenStateDB(path string) (*StateDB, error) { return openStateDB(path, false) }

// openStateDB opens the state file for writing (creating it) or only for
// reading, which works on a read-only home and shares the file with
// other readers.
func openStateDB(path string, readOnly bool) (*StateDB, error) {
	if !readOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create state directory: %w", err)
		}
	}
	b, err := openBolt(path, stateKind, &bolt.Options{Timeout: time.Second, ReadOnly: readOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	}
	if errors.Is(err, ErrDamaged) || errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &StateDB{bolt: b, path: path}, nil
}

// Close closes the state file.
func (s *StateDB) Close() error { return s.bolt.Close() }

// userBucket returns (creating when writable) the bucket of user, with its
// sub-buckets.
func userBucket(tx *bolt.Tx, user string) (*bolt.Bucket, error) {
	key := []byte("u:" + user)
	if !tx.Writable() {
		users := tx.Bucket(bucketUsers)
		if users == nil {
			return nil, nil
		}
		return users.Bucket(key), nil
	}
	users, err := tx.CreateBucketIfNotExists(bucketUsers)
	if err != nil {
		return nil, err
	}
	u, err := users.CreateBucketIfNotExists(key)
	if err != nil {
		return nil, err
	}
	for _, sub := range [][]byte{subMarked, subRead, subTags, subNotes, subSaved} {
		if _, err := u.CreateBucketIfNotExists(sub); err != nil {
			return nil, err
		}
	}
	return u, nil
}

func (s *StateDB) update(user string, fn func(u *bolt.Bucket) error) error {
	err := s.updateTx(func(tx *bolt.Tx) error {
		u, err := userBucket(tx, user)
		if err != nil {
			return err
		}
		return fn(u)
	})
	if err != nil {
		return fmt.Errorf("save state in %s: %w", s.path, err)
	}
	return nil
}

// SetMarked adds a paper to, or removes it from, the reading list.
func (s *StateDB) SetMarked(user, pmid string, on bool) error {
	return s.setTime(user, subMarked, pmid, on)
}

// SetRead records whether a paper has been read.
func (s *StateDB) SetRead(user, pmid string, on bool) error {
	return s.setTime(user, subRead, pmid, on)
}

func (s *StateDB) setTime(user string, sub []byte, pmid string, on bool) error {
	return s.update(user, func(u *bolt.Bucket) error {
		b := u.Bucket(sub)
		if !on {
			return b.Delete([]byte(pmid))
		}
		stamp, _ := time.Now().UTC().MarshalText()
		return b.Put([]byte(pmid), stamp)
	})
}

// SetTags replaces a paper's tags. Tags are trimmed, lower-cased, spaces
// become hyphens, duplicates go; an empty list removes them.
func (s *StateDB) SetTags(user, pmid string, tags []string) error {
	clean := NormalizeTags(tags)
	return s.update(user, func(u *bolt.Bucket) error {
		b := u.Bucket(subTags)
		if len(clean) == 0 {
			return b.Delete([]byte(pmid))
		}
		j, _ := json.Marshal(clean)
		return b.Put([]byte(pmid), j)
	})
}

// NormalizeTags makes tags comparable: "JAK review" → "jak-review".
func NormalizeTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		t = strings.ToLower(strings.Join(strings.Fields(CleanText(t)), "-"))
		if t != "" {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// SetNote replaces a paper's note; an empty note removes it.
func (s *StateDB) SetNote(user, pmid, note string) error {
	if len(note) > maxNoteBytes {
		return fmt.Errorf("note for %s is longer than %d KiB", pmid, maxNoteBytes>>10)
	}
	note = strings.TrimSpace(note)
	return s.update(user, func(u *bolt.Bucket) error {
		b := u.Bucket(subNotes)
		if note == "" {
			return b.Delete([]byte(pmid))
		}
		return b.Put([]byte(pmid), []byte(note))
	})
}

// SaveSearch stores (or replaces) a saved search under its name.
func (s *StateDB) SaveSearch(user string, ss SavedSearch) error {
	ss.Name = strings.TrimSpace(CleanText(ss.Name))
	if ss.Name == "" {
		return errors.New("a saved search needs a name")
	}
	return s.update(user, func(u *bolt.Bucket) error {
		j, _ := json.Marshal(ss)
		return u.Bucket(subSaved).Put([]byte(ss.Name), j)
	})
}

// DeleteSearch removes a saved search.
func (s *StateDB) DeleteSearch(user, name string) error {
	return s.update(user, func(u *bolt.Bucket) error { return u.Bucket(subSaved).Delete([]byte(name)) })
}

// RenameSearch gives a saved search a new name in one transaction, keeping
// its place; a search already called to is replaced.
func (s *StateDB) RenameSearch(user, from, to string) error {
	to = strings.TrimSpace(CleanText(to))
	if to == "" {
		return errors.New("a saved search needs a name")
	}
	return s.update(user, func(u *bolt.Bucket) error {
		b := u.Bucket(subSaved)
		v := b.Get([]byte(from))
		if v == nil {
			return fmt.Errorf("no saved search called %q", from)
		}
		var ss SavedSearch
		if err := json.Unmarshal(v, &ss); err != nil {
			return fmt.Errorf("saved search %s is corrupt: %w", from, err)
		}
		ss.Name = to
		j, _ := json.Marshal(ss)
		if err := b.Delete([]byte(from)); err != nil {
			return err
		}
		return b.Put([]byte(to), j)
	})
}

// StateFile is personal state kept in a file that is opened for each
// change and closed again, so several Follicle processes (two terminals,
// the explorer and an export) can share it; bbolt's file lock orders them.
type StateFile struct{ Path string }

func (f StateFile) with(fn func(*StateDB) error) error { return f.open(false, fn) }

func (f StateFile) open(readOnly bool, fn func(*StateDB) error) error {
	db, err := openStateDB(f.Path, readOnly)
	if err != nil {
		return err
	}
	err = fn(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Load reads a user's state.
func (f StateFile) Load(user string) (Personal, error) {
	var p Personal
	// Read-only when the file exists: a search on a read-only home still
	// sees the tags.
	_, statErr := os.Stat(f.Path)
	err := f.open(statErr == nil, func(db *StateDB) (err error) { p, err = db.Load(user); return err })
	return p, err
}

// SetMarked implements the UI's state store.
func (f StateFile) SetMarked(user, pmid string, on bool) error {
	return f.with(func(db *StateDB) error { return db.SetMarked(user, pmid, on) })
}

// SetRead implements the UI's state store.
func (f StateFile) SetRead(user, pmid string, on bool) error {
	return f.with(func(db *StateDB) error { return db.SetRead(user, pmid, on) })
}

// SetTags implements the UI's state store.
func (f StateFile) SetTags(user, pmid string, tags []string) error {
	return f.with(func(db *StateDB) error { return db.SetTags(user, pmid, tags) })
}

// SetNote implements the UI's state store.
func (f StateFile) SetNote(user, pmid, note string) error {
	return f.with(func(db *StateDB) error { return db.SetNote(user, pmid, note) })
}

// SaveSearch implements the UI's state store.
func (f StateFile) SaveSearch(user string, s SavedSearch) error {
	return f.with(func(db *StateDB) error { return db.SaveSearch(user, s) })
}

// DeleteSearch implements the UI's state store.
func (f StateFile) DeleteSearch(user, name string) error {
	return f.with(func(db *StateDB) error { return db.DeleteSearch(user, name) })
}

// RenameSearch implements the UI's state store.
func (f StateFile) RenameSearch(user, from, to string) error {
	return f.with(func(db *StateDB) error { return db.RenameSearch(user, from, to) })
}
