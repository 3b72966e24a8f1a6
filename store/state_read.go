package store

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Load returns everything a user has stored.
func (s *StateDB) Load(user string) (Personal, error) {
	p := Personal{Marked: map[string]time.Time{}, Read: map[string]time.Time{}, Tags: map[string][]string{}, Notes: map[string]string{}}
	err := s.view(func(tx *bolt.Tx) error {
		u, err := userBucket(tx, user)
		if err != nil || u == nil {
			return err
		}
		p.History = readHistory(u.Bucket(subHistory))
		readTimes(u.Bucket(subMarked), p.Marked)
		readTimes(u.Bucket(subRead), p.Read)
		if err := u.Bucket(subTags).ForEach(func(k, v []byte) error {
			var tags []string
			if err := json.Unmarshal(v, &tags); err != nil {
				return fmt.Errorf("tags of %s are corrupt: %w", k, err)
			}
			p.Tags[string(k)] = tags
			return nil
		}); err != nil {
			return err
		}
		u.Bucket(subNotes).ForEach(func(k, v []byte) error {
			p.Notes[string(k)] = string(v)
			return nil
		})
		return u.Bucket(subSaved).ForEach(func(k, v []byte) error {
			var ss SavedSearch
			if err := json.Unmarshal(v, &ss); err != nil {
				return fmt.Errorf("saved search %s is corrupt: %w", k, err)
			}
			p.Saved = append(p.Saved, ss)
			return nil
		})
	})
	SortSaved(p.Saved)
	if err != nil {
		return Personal{}, fmt.Errorf("read state in %s: %w", s.path, err)
	}
	return p, nil
}

func readTimes(b *bolt.Bucket, into map[string]time.Time) {
	b.ForEach(func(k, v []byte) error {
		var t time.Time
		if t.UnmarshalText(v) == nil {
			into[string(k)] = t
		}
		return nil
	})
}

// SavedSearch returns the saved search called name.
func (p Personal) SavedSearch(name string) (SavedSearch, bool) {
	for _, s := range p.Saved {
		if s.Name == name {
			return s, true
		}
	}
	return SavedSearch{}, false
}

// Tagged returns the PMIDs carrying tag.
func (p Personal) Tagged(tag string) []string {
	var out []string
	for pmid, tags := range p.Tags {
		for _, t := range tags {
			if t == tag {
				out = append(out, pmid)
				break
			}
		}
	}
	return out
}

// personalField matches the query terms that search personal state rather
// than the index: tag:name and note:word (or note:"a phrase").
var personalField = regexp.MustCompile(`(?:^|\s)\+?(tag|note):("[^"]*"|\S+)`)

// Resolve takes tag: and note: terms out of a query. It returns the rest of
// the query and, when there were such terms, the PMIDs that satisfy all of
// them (restrict is then true, and an empty list means no paper does).
func (p Personal) Resolve(query string) (rest string, ids []string, restrict bool) {
	matches := personalField.FindAllStringSubmatchIndex(query, -1)
	if len(matches) == 0 {
		return query, nil, false
	}
	var sets []map[string]bool
	var b strings.Builder
	at := 0
	for _, m := range matches {
		b.WriteString(query[at:m[0]])
		b.WriteString(" ")
		at = m[1]
		field, value := query[m[2]:m[3]], strings.Trim(query[m[4]:m[5]], `"`)
		sets = append(sets, p.matching(field, value))
	}
	b.WriteString(query[at:])
	for pmid := range sets[0] {
		all := true
		for _, s := range sets[1:] {
			all = all && s[pmid]
		}
		if all {
			ids = append(ids, pmid)
		}
	}
	sort.Strings(ids)
	return strings.TrimSpace(b.String()), ids, true
}

func (p Personal) matching(field, value string) map[string]bool {
	out := map[string]bool{}
	value = strings.ToLower(value)
	if field == "tag" {
		tags := NormalizeTags([]string{value})
		if len(tags) == 0 {
			return out
		}
		for _, pmid := range p.Tagged(tags[0]) {
			out[pmid] = true
		}
		return out
	}
	for pmid, note := range p.Notes {
		if strings.Contains(strings.ToLower(note), value) {
			out[pmid] = true
		}
	}
	return out
}

// SortSaved puts saved searches in order of creation (those saved before
// the time was kept first, by name), the order the explorer numbers them in.
func SortSaved(saved []SavedSearch) {
	sort.SliceStable(saved, func(i, j int) bool {
		if !saved[i].Created.Equal(saved[j].Created) {
			return saved[i].Created.Before(saved[j].Created)
		}
		return saved[i].Name < saved[j].Name
	})
}

// view runs a read transaction; damage found inside it is an error, not a
// crash.
func (s *StateDB) view(fn func(*bolt.Tx) error) (err error) {
	defer catchDamage(s.path, stateKind, &err)()
	return s.bolt.View(fn)
}

// updateTx runs a write transaction the same way.
func (s *StateDB) updateTx(fn func(*bolt.Tx) error) (err error) {
	defer catchDamage(s.path, stateKind, &err)()
	return s.bolt.Update(fn)
}
