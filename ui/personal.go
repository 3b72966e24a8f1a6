package ui

import (
	"maps"
	"sort"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// StateStore persists a user's study state. *store.StateDB implements it;
// a nil StateStore turns the personal features off (anonymous sessions).
type StateStore interface {
	SetMarked(user, pmid string, on bool) error
	SetRead(user, pmid string, on bool) error
	SetTags(user, pmid string, tags []string) error
	SetNote(user, pmid, note string) error
	SaveSearch(user string, s store.SavedSearch) error
	DeleteSearch(user, name string) error
	RenameSearch(user, from, to string) error
	AddHistory(user, query string) error
}

// stateWriter serialises writes and drops one that arrives after a newer
// write of the same key: commands run concurrently, but the state on disk
// must end as the user left it.
type stateWriter struct {
	mu      sync.Mutex
	store   StateStore
	applied map[string]int
}

func newStateWriter(s StateStore) *stateWriter {
	if s == nil {
		return nil
	}
	return &stateWriter{store: s, applied: map[string]int{}}
}

// stateSavedMsg reports a persisted change, or why it failed.
type stateSavedMsg struct {
	what string
	err  error
}

// saveCmd runs write for key at sequence seq off the event loop.
func (w *stateWriter) saveCmd(key string, seq int, what string, write func(StateStore) error) tea.Cmd {
	return func() tea.Msg {
		w.mu.Lock()
		defer w.mu.Unlock()
		if seq < w.applied[key] {
			return stateSavedMsg{what: what}
		}
		w.applied[key] = seq
		return stateSavedMsg{what: what, err: write(w.store)}
	}
}

// readAfter is how long a paper stays open in the reader before it counts
// as read.
const readAfter = 8 * time.Second

// readTickMsg fires readAfter after a paper was opened.
type readTickMsg struct {
	pmid   string
	opened int
}

// persist records a change in memory at once and on disk by a command.
// stateSeq also tells the papers pane's cache that marks or tags changed.
func (m *Model) persist(key, what string, write func(StateStore) error) tea.Cmd {
	m.stateSeq++
	if m.writer == nil {
		m.notice = "personal state is off in this session"
		return nil
	}
	return m.writer.saveCmd(key, m.stateSeq, what, write)
}

func (m *Model) toggleMark(pmid string) tea.Cmd {
	on := !m.isMarked(pmid)
	if on {
		m.personal.Marked[pmid] = time.Now()
	} else {
		delete(m.personal.Marked, pmid)
	}
	user := m.cfg.User
	cmd := m.persist("mark:"+pmid, "reading list", func(s StateStore) error { return s.SetMarked(user, pmid, on) })
	if m.markedOnly {
		return tea.Batch(cmd, m.startSearch(false))
	}
	return cmd
}

func (m *Model) setRead(pmid string, on bool) tea.Cmd {
	if on {
		m.personal.Read[pmid] = time.Now()
	} else {
		delete(m.personal.Read, pmid)
	}
	user := m.cfg.User
	return m.persist("read:"+pmid, "read status", func(s StateStore) error { return s.SetRead(user, pmid, on) })
}

func (m *Model) setTags(pmid, text string) tea.Cmd {
	tags := store.NormalizeTags(strings.Split(text, ","))
	if len(tags) == 0 {
		delete(m.personal.Tags, pmid)
	} else {
		m.personal.Tags[pmid] = tags
	}
	user := m.cfg.User
	return m.persist("tags:"+pmid, "tags", func(s StateStore) error { return s.SetTags(user, pmid, tags) })
}

func (m *Model) setNote(pmid, note string) tea.Cmd {
	note = strings.TrimSpace(note)
	if note == "" {
		delete(m.personal.Notes, pmid)
	} else {
		m.personal.Notes[pmid] = note
	}
	user := m.cfg.User
	return m.persist("note:"+pmid, "note", func(s StateStore) error { return s.SetNote(user, pmid, note) })
}

func (m Model) isMarked(pmid string) bool { _, ok := m.personal.Marked[pmid]; return ok }
func (m Model) isRead(pmid string) bool   { _, ok := m.personal.Read[pmid]; return ok }

// restrictions gives a request the user's tags and notes for its tag: and
// note: clauses, and narrows it to the reading list.
func (m Model) restrictions(r *index.Request) {
	if strings.Contains(r.Text, "tag:") || strings.Contains(r.Text, "note:") {
		// The search runs off the event loop while Update may change the
		// state: it reads copies.
		r.Personal = &store.Personal{Tags: maps.Clone(m.personal.Tags), Notes: maps.Clone(m.personal.Notes)}
	}
	if !m.markedOnly {
		return
	}
	marked := make([]string, 0, len(m.personal.Marked))
	for pmid := range m.personal.Marked {
		marked = append(marked, pmid)
	}
	sort.Strings(marked)
	r.OnlyIDs, r.Restrict = marked, true
}

// emptyPersonal is the state of a user with nothing stored yet.
func emptyPersonal() store.Personal {
	return store.Personal{Marked: map[string]time.Time{}, Read: map[string]time.Time{}, Tags: map[string][]string{}, Notes: map[string]string{}}
}
