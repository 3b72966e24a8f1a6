package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A damaged bbolt file must never crash Follicle (bbolt panics, or faults
// on a page past the end of a truncated file) nor be silently replaced:
// library.db and state.db are the user's own data. Before bbolt opens a
// file its header is checked here (both meta pages, their checksums, the
// file long enough for the pages they name); a panic or a memory fault
// inside bbolt later is caught at the boundary of each transaction and
// reported as damage.

// DamagedError says that a bbolt file is damaged, and what to do about it.
type DamagedError struct {
	Path    string
	What    string // "library" or "state file"
	Problem string
	MovedTo string // where an empty file was moved aside, or ""
	Hint    string
}

func (e *DamagedError) Error() string {
	if e.MovedTo != "" {
		return fmt.Sprintf("%s %s is damaged (%s); it was moved aside to %s, never overwritten; %s",
			e.What, e.Path, e.Problem, e.MovedTo, e.Hint)
	}
	return fmt.Sprintf("%s %s is damaged (%s); %s", e.What, e.Path, e.Problem, e.Hint)
}

// ErrDamaged matches every DamagedError with errors.Is.
var ErrDamaged = errors.New("damaged file")

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// boltKind describes one of the two bbolt files for messages.
type boltKind struct {
	what      string
	emptyHint string // after an empty file was moved aside
	hint      string // for other damage: what the user can do
}

var (
	libraryKind = boltKind{what: "library",
		emptyHint: "run the command again to start an empty library, then import your files again",
		hint:      "move it aside (mv %[1]s %[1]s.damaged) and import your files again, or restore it from a backup"}
	stateKind = boltKind{what: "state file",
		emptyHint: "your reading list, tags, notes and saved searches in it are lost; restore a backup to that path, or run the command again to start with an empty state",
		hint:      "your reading list, tags and notes cannot be read; move it aside (mv %[1]s %[1]s.damaged) to start with an empty state, or restore it from a backup"}
)

const (
	boltMagic     = 0xED0CDAED
	boltVersion   = 2
	boltMetaStart = 16 // the page header: id, flags, count, overflow
	boltMetaSum   = boltMetaStart + 56
	noFreelist    = ^uint64(0)
)

// checkBoltFile checks the file at path before bbolt opens it. A missing
// file is fine (it is created); an empty one is moved aside (a new one
// would silently replace what it held), after making sure no other process
// is creating it at this moment.
func checkBoltFile(path string, kind boltKind) error {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s %s: %w", kind.what, path, err)
	}
	if fi.Size() == 0 {
		return emptyBoltFile(path, kind)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s %s: %w", kind.what, path, err)
	}
	defer f.Close()
	if problem := boltHeaderProblem(f, fi.Size()); problem != "" {
		return &DamagedError{Path: path, What: kind.what, Problem: problem, Hint: fmt.Sprintf(kind.hint, path)}
	}
	return nil
}

// emptyBoltFile handles a file of 0 bytes. bbolt holds the file's lock while
// it writes a new file's first pages, so a shared lock that can be taken
// on a file still empty means no one is creating it: it was truncated.
func emptyBoltFile(path string, kind boltKind) error {
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return fmt.Errorf("open %s %s: %w", kind.what, path, ErrLocked)
	}
	if err == nil {
		b.Close()
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() > 0 {
		return nil // created meanwhile by another process: open it normally
	}
	aside := fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405"))
	if _, err := os.Lstat(aside); err == nil {
		aside += fmt.Sprintf("-%d", time.Now().UnixNano())
	}
	if err := os.Rename(path, aside); err != nil {
		return &DamagedError{Path: path, What: kind.what, Problem: "it is empty: 0 bytes",
			Hint: fmt.Sprintf("it could not be moved aside (%v); %s", err, fmt.Sprintf(kind.hint, path))}
	}
	return &DamagedError{Path: path, What: kind.what, Problem: "it is empty: 0 bytes", MovedTo: aside, Hint: kind.emptyHint}
}

// boltHeaderProblem reads the two meta pages and says what is wrong, or ""
// when at least one is valid and the file holds every page it names.
func boltHeaderProblem(r io.ReaderAt, size int64) string {
	first := make([]byte, 4096)
	if n, _ := r.ReadAt(first, 0); n < boltMetaSum+8 {
		return fmt.Sprintf("only %d bytes, shorter than its header", size)
	}
	pageSize := int64(binary.LittleEndian.Uint32(first[boltMetaStart+8:]))
	if binary.LittleEndian.Uint32(first[boltMetaStart:]) != boltMagic || pageSize < 512 || pageSize > 1<<20 || pageSize&(pageSize-1) != 0 {
		pageSize = 4096 // the first meta page is garbage: try the second where bbolt's default puts it
	}
	second := make([]byte, boltMetaSum+8)
	r.ReadAt(second, pageSize)
	problem := "not a bbolt database: both header pages are invalid"
	valid := false
	for _, page := range [][]byte{first, second} {
		m, ok := parseMeta(page)
		if !ok {
			continue
		}
		if need := int64(m.pgid) * int64(m.pageSize); need > size {
			problem = fmt.Sprintf("truncated: %d bytes of the %d its header names", size, need)
			continue
		}
		if m.root >= m.pgid || (m.freelist >= m.pgid && m.freelist != noFreelist) {
			problem = "its header points past the end of the data"
			continue
		}
		valid = true
	}
	if valid {
		return ""
	}
	return problem
}

type boltMeta struct {
	pageSize             uint32
	root, freelist, pgid uint64
}

func parseMeta(page []byte) (boltMeta, bool) {
	if len(page) < boltMetaSum+8 {
		return boltMeta{}, false
	}
	m := page[boltMetaStart:]
	if binary.LittleEndian.Uint32(m) != boltMagic || binary.LittleEndian.Uint32(m[4:]) != boltVersion {
		return boltMeta{}, false
	}
	h := fnv.New64a()
	h.Write(page[boltMetaStart:boltMetaSum])
	if h.Sum64() != binary.LittleEndian.Uint64(page[boltMetaSum:]) {
		return boltMeta{}, false
	}
	return boltMeta{pageSize: binary.LittleEndian.Uint32(m[8:]), root: binary.LittleEndian.Uint64(m[16:]),
		freelist: binary.LittleEndian.Uint64(m[32:]), pgid: binary.LittleEndian.Uint64(m[40:])}, true
}

// catchDamage turns a panic or a memory fault inside bbolt, during the call
// it is deferred in, into a DamagedError for path. Use as
// defer catchDamage(path, kind, &err)().
func catchDamage(path string, kind boltKind, err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			*err = &DamagedError{Path: path, What: kind.what, Problem: fmt.Sprintf("bbolt: %v", oneLinePanic(r)),
				Hint: fmt.Sprintf(kind.hint, path)}
		}
	}
}

func oneLinePanic(r any) string {
	s := fmt.Sprint(r)
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return CleanText(s)
}

// openBolt opens a checked file, catching a panic inside bbolt's open.
func openBolt(path string, kind boltKind, opts *bolt.Options) (b *bolt.DB, err error) {
	if err := checkBoltFile(path, kind); err != nil {
		return nil, err
	}
	defer catchDamage(path, kind, &err)()
	return bolt.Open(path, 0o600, opts)
}
