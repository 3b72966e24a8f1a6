package eutils

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
)

// stateMaxAge is how long a saved search is resumed: NCBI keeps history
// sessions for some hours only.
const stateMaxAge = 6 * time.Hour

// State is a fetch in progress, saved after every batch so an interrupted
// fetch resumes where it stopped.
type State struct {
	Session
	Max     int       `json:"max"`
	Next    int       `json:"next"`
	Started time.Time `json:"started"`
}

// FetchOptions say what to fetch and where the state lives.
type FetchOptions struct {
	Query     string
	Max       int    // at most this many records (0: all)
	StateFile string // where progress is saved
	Import    importer.Options
	Batch     int // records per efetch (≤ MaxBatch)
	Progress  func(done, total int)
}

// Fetch searches PubMed and imports the results batch by batch into db.
func Fetch(ctx context.Context, c *Client, db *store.DB, o FetchOptions) (importer.Summary, error) {
	var sum importer.Summary
	st, err := loadOrSearch(ctx, c, o)
	if err != nil {
		return sum, err
	}
	total := st.Count
	if st.Max > 0 {
		total = min(total, st.Max)
	}
	batch := o.Batch
	if batch <= 0 || batch > MaxBatch {
		batch = MaxBatch
	}
	for st.Next < total {
		n := min(batch, total-st.Next)
		body, err := c.Fetch(ctx, st.Session, st.Next, n)
		if err != nil {
			return sum, fmt.Errorf("fetch records %d-%d of %d (rerun the same command to resume): %w", st.Next+1, st.Next+n, total, err)
		}
		name := fmt.Sprintf("efetch %d-%d", st.Next+1, st.Next+n)
		s, err := importer.File(ctx, db, name, bytes.NewReader(body), o.Import)
		sum.Add(s)
		if err != nil {
			return sum, err
		}
		st.Next += n
		if err := saveState(o.StateFile, st); err != nil {
			return sum, err
		}
		if o.Progress != nil {
			o.Progress(st.Next, total)
		}
	}
	os.Remove(o.StateFile)
	return sum, nil
}

// loadOrSearch resumes a saved fetch of the same query, or starts one.
func loadOrSearch(ctx context.Context, c *Client, o FetchOptions) (State, error) {
	if b, err := os.ReadFile(o.StateFile); err == nil {
		var st State
		if json.Unmarshal(b, &st) == nil && st.Query == o.Query && st.Max == o.Max && time.Since(st.Started) < stateMaxAge {
			return st, nil
		}
	}
	s, err := c.Search(ctx, o.Query)
	if err != nil {
		return State{}, err
	}
	st := State{Session: s, Max: o.Max, Started: time.Now().UTC()}
	return st, saveState(o.StateFile, st)
}

// saveState writes the state atomically: a new file renamed over the old.
func saveState(path string, st State) error {
	b, _ := json.Marshal(st)
	return saveFile(path, b)
}

// saveFile writes b to path atomically: a new file renamed over the old.
func saveFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("save fetch state: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("save fetch state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return errors.Join(fmt.Errorf("save fetch state: %w", err), os.Remove(tmp))
	}
	return nil
}
