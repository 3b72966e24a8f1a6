package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The vocabularies a user imported and the names learned from annotated
// imports live in the library beside the papers, with a version that any
// change to them bumps: papers are tagged once, at import, and re-tagged
// only when that version moves.
var (
	bucketVocabs      = []byte("vocabularies") // file name → StoredVocabulary JSON
	bucketLearned     = []byte("learned")      // concept ID \x00 mention text → learnedValue JSON
	keyVocabVersion   = []byte("vocab_version")
	keyTaggedVersion  = []byte("tagged_version")
	maxLearnedPerName = 20 // papers remembered per learned name: enough to count
)

// StoredVocabulary is one vocabulary file as the library keeps it: the
// concepts are the vocab package's own encoding (store cannot know it).
type StoredVocabulary struct {
	Name       string          `json:"name"`
	Format     string          `json:"format"`
	Concepts   int             `json:"concepts"`
	Names      int             `json:"names"`
	ImportedAt time.Time       `json:"imported_at"`
	Data       json.RawMessage `json:"data"`
}

// LearnedName is a mention text an annotated import gave for a concept, and
// the papers (at most a few) that used it.
type LearnedName struct {
	Concept string   `json:"-"` // concept ID: MeSH UI, OMIM:…
	Kind    Kind     `json:"kind"`
	Text    string   `json:"-"`
	PMIDs   []string `json:"pmids"`
}

// PutVocabulary stores v (replacing a vocabulary of the same name) and bumps
// the vocabulary version unless v is identical to what is stored. It says
// whether anything changed.
func (db *DB) PutVocabulary(v StoredVocabulary) (bool, error) {
	changed := false
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketVocabs)
		if err != nil {
			return err
		}
		if old := b.Get([]byte(v.Name)); old != nil {
			var prev StoredVocabulary
			if json.Unmarshal(old, &prev) == nil && prev.Format == v.Format && bytes.Equal(prev.Data, v.Data) {
				return nil
			}
		}
		j, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode vocabulary %s: %w", v.Name, err)
		}
		changed = true
		if err := b.Put([]byte(v.Name), j); err != nil {
			return err
		}
		return bumpCounter(tx, keyVocabVersion)
	})
	if err != nil {
		return false, fmt.Errorf("write library %s: %w", db.path, err)
	}
	return changed, nil
}

// RemoveVocabulary deletes the named vocabulary; it says whether there was
// one.
func (db *DB) RemoveVocabulary(name string) (bool, error) {
	found := false
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketVocabs)
		if b == nil || b.Get([]byte(name)) == nil {
			return nil
		}
		found = true
		if err := b.Delete([]byte(name)); err != nil {
			return err
		}
		return bumpCounter(tx, keyVocabVersion)
	})
	if err != nil {
		return false, fmt.Errorf("write library %s: %w", db.path, err)
	}
	return found, nil
}

// Vocabularies returns the stored vocabularies sorted by name; with data
// false their concepts are left out (for listing).
func (db *DB) Vocabularies(data bool) ([]StoredVocabulary, error) {
	var out []StoredVocabulary
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketVocabs)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var sv StoredVocabulary
			if err := json.Unmarshal(v, &sv); err != nil {
				return fmt.Errorf("vocabulary %s is corrupt: %w", k, err)
			}
			if !data {
				sv.Data = nil
			}
			out = append(out, sv)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read library %s: %w", db.path, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// AddLearned records learned names (one entry per concept, text and paper)
// and bumps the vocabulary version if any name or paper was new. It
// returns how many (concept, text) pairs gained a paper.
func (db *DB) AddLearned(names []LearnedName) (int, error) {
	changed := 0
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		changed = 0
		b, err := tx.CreateBucketIfNotExists(bucketLearned)
		if err != nil {
			return err
		}
		for _, n := range names {
			ok, err := addLearned(b, n)
			if err != nil {
				return err
			}
			if ok {
				changed++
			}
		}
		if changed > 0 {
			return bumpCounter(tx, keyVocabVersion)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("write library %s: %w", db.path, err)
	}
	return changed, nil
}

func addLearned(b *bolt.Bucket, n LearnedName) (bool, error) {
	key := []byte(n.Concept + "\x00" + n.Text)
	var have LearnedName
	if old := b.Get(key); old != nil {
		if err := json.Unmarshal(old, &have); err != nil {
			return false, fmt.Errorf("learned name %q is corrupt: %w", n.Text, err)
		}
	}
	added := false
	for _, p := range n.PMIDs {
		if len(have.PMIDs) >= maxLearnedPerName || containsString(have.PMIDs, p) {
			continue
		}
		have.PMIDs = append(have.PMIDs, p)
		added = true
	}
	if !added {
		return false, nil
	}
	sort.Strings(have.PMIDs)
	have.Kind = n.Kind
	j, err := json.Marshal(have)
	if err != nil {
		return false, err
	}
	return true, b.Put(key, j)
}

// Learned returns every learned name.
func (db *DB) Learned() ([]LearnedName, error) {
	var out []LearnedName
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLearned)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			concept, text, ok := bytes.Cut(k, []byte{0})
			var n LearnedName
			if err := json.Unmarshal(v, &n); err != nil || !ok {
				return fmt.Errorf("learned name %q is corrupt", k)
			}
			n.Concept, n.Text = string(concept), string(text)
			out = append(out, n)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read library %s: %w", db.path, err)
	}
	return out, nil
}

// VocabVersion is the version of the vocabularies and learned names;
// TaggedVersion is the version the library's papers were last tagged with.
func (db *DB) VocabVersion() (uint64, error)  { return db.counter(keyVocabVersion) }
func (db *DB) TaggedVersion() (uint64, error) { return db.counter(keyTaggedVersion) }

// SetTaggedVersion records that every paper is tagged with version v.
func (db *DB) SetTaggedVersion(v uint64) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], v)
		return meta.Put(keyTaggedVersion, buf[:])
	})
	if err != nil {
		return fmt.Errorf("write library %s: %w", db.path, err)
	}
	return nil
}

func (db *DB) counter(key []byte) (uint64, error) {
	var g uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			if v := meta.Get(key); len(v) == 8 {
				g = binary.BigEndian.Uint64(v)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read library %s: %w", db.path, err)
	}
	return g, nil
}

func bumpCounter(tx *bolt.Tx, key []byte) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	var g uint64
	if v := meta.Get(key); len(v) == 8 {
		g = binary.BigEndian.Uint64(v)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], g+1)
	return meta.Put(key, buf[:])
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// LinkUpdate is a paper's new links after re-tagging.
type LinkUpdate struct {
	PMID                       string
	Conditions, Drugs, Indexed []string
	Mentions                   []Mention
	Annotated                  bool
}

// UpdateLinks replaces the links and mentions of papers (keeping everything
// else, their version included) and stores new entities, in one
// transaction; it returns how many papers changed.
func (db *DB) UpdateLinks(updates []LinkUpdate, entities []Entity) (int, error) {
	n := 0
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		n = 0
		papers := tx.Bucket(bucketPapers)
		for _, u := range updates {
			old := papers.Get([]byte(u.PMID))
			if old == nil {
				continue
			}
			var sp storedPaper
			if err := json.Unmarshal(old, &sp); err != nil {
				return fmt.Errorf("paper %s is corrupt: %w", u.PMID, err)
			}
			before := sp.Paper
			sp.Conditions, sp.Drugs, sp.Indexed, sp.Mentions = u.Conditions, u.Drugs, u.Indexed, u.Mentions
			sp.Annotated, sp.Tagged = u.Annotated, true
			if samePaper(before, sp.Paper) {
				continue
			}
			j, err := json.Marshal(sp)
			if err != nil {
				return fmt.Errorf("encode paper %s: %w", u.PMID, err)
			}
			if err := papers.Put([]byte(u.PMID), j); err != nil {
				return err
			}
			n++
		}
		changed, err := putEntities(tx, entities)
		if err != nil {
			return err
		}
		if n > 0 || changed > 0 {
			return bumpGeneration(tx)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("write library %s: %w", db.path, err)
	}
	return n, nil
}

// RemoveEntities deletes entities by ID (entities imports made that no
// paper links any more).
func (db *DB) RemoveEntities(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEntities)
		for _, id := range ids {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return bumpGeneration(tx)
	})
	if err != nil {
		return fmt.Errorf("write library %s: %w", db.path, err)
	}
	return nil
}

// PaperByPMID returns the stored paper with pmid.
func (db *DB) PaperByPMID(pmid string) (Paper, bool, error) {
	var p Paper
	found := false
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPapers)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(pmid))
		if v == nil {
			return nil
		}
		var sp storedPaper
		if err := json.Unmarshal(v, &sp); err != nil {
			return fmt.Errorf("paper %s is corrupt: %w", pmid, err)
		}
		p, found = sp.Paper, true
		p.Origin = OriginImported
		return nil
	})
	if err != nil {
		return Paper{}, false, fmt.Errorf("read library %s: %w", db.path, err)
	}
	return p, found, nil
}
