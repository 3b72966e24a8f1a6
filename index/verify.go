package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/follicle/follicle/store"
)

// An index on disk is derived data: when its files are damaged (a flipped
// bit, a cut file) it is rebuilt, never trusted. Opening checks what is
// cheap (the meta file, the shelf's footer, the tables' checksum, the
// document counts) and catches a panic inside Bleve; the rest, every
// Bleve segment's CRC-32 footer and every shelf record's CRC-32C, is
// checked in the background after open, since reading the whole index at
// every start would cost seconds at 200,000 papers. Damage found there
// renames the meta file, so the next start rebuilds, and from then on the
// index's searches fail with ErrDamaged instead of reading bad bytes.

// ErrDamaged is an index whose files failed verification.
var ErrDamaged = errors.New("the index is damaged; it is rebuilt at the next start")

// verification is the background check of one index's files.
type verification struct {
	stop   context.CancelFunc
	done   chan struct{}
	damage atomic.Pointer[error]
}

// startVerification checks dir's segments and shelf in the background,
// once after is closed (the index's own preparation), so the check does
// not compete with the first searches of a start.
func startVerification(dir string, shelf *store.Shelf, after <-chan struct{}) *verification {
	ctx, stop := context.WithCancel(context.Background())
	v := &verification{stop: stop, done: make(chan struct{})}
	go func() {
		defer close(v.done)
		select {
		case <-after:
		case <-ctx.Done():
			return
		}
		err := verifySegments(ctx, dir)
		if err == nil && shelf != nil {
			err = shelf.Verify(ctx)
		}
		if err == nil || ctx.Err() != nil || errors.Is(err, os.ErrClosed) {
			return
		}
		v.found(dir, err)
	}()
	return v
}

// found records damage met in dir (by the check, or by a search reading a
// paper whose checksum failed) and returns it as an ErrDamaged. The next
// start must not trust this index: without its meta file it is rebuilt. A
// read-only home keeps it; the error still shows.
func (v *verification) found(dir string, damage error) error {
	err := fmt.Errorf("%w (%v)", ErrDamaged, damage)
	if v == nil {
		return err
	}
	os.Rename(filepath.Join(dir, metaFile), filepath.Join(dir, metaFile+".damaged"))
	v.damage.CompareAndSwap(nil, &err)
	return err
}

// err is the damage found so far, or nil.
func (v *verification) err() error {
	if v == nil {
		return nil
	}
	if e := v.damage.Load(); e != nil {
		return *e
	}
	return nil
}

// wait stops the check early (when asked) and waits for it to end.
func (v *verification) wait(stop bool) error {
	if v == nil {
		return nil
	}
	if stop {
		v.stop()
	}
	<-v.done
	return v.err()
}

// Verified waits for the background check of the index's files and
// returns the damage it found (nil for an in-memory index).
func (ix *Index) Verified() error { return ix.verify.wait(false) }

// verifySegments checks the CRC-32 that ends every Bleve segment (.zap)
// file under dir against the bytes before it.
func verifySegments(ctx context.Context, dir string) error {
	files, _ := filepath.Glob(filepath.Join(dir, "shard-*", "store", "*.zap"))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := verifySegment(f); err != nil {
			return err
		}
	}
	return nil
}

func verifySegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("segment %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() < 4 {
		return fmt.Errorf("segment %s: too short", path)
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, fi.Size()-4)); err != nil {
		return fmt.Errorf("segment %s: %w", path, err)
	}
	var sum [4]byte
	if _, err := f.ReadAt(sum[:], fi.Size()-4); err != nil {
		return fmt.Errorf("segment %s: %w", path, err)
	}
	if h.Sum32() != binary.BigEndian.Uint32(sum[:]) {
		return fmt.Errorf("segment %s: checksum mismatch", path)
	}
	return nil
}

// catchBleve turns a panic or a memory fault inside Bleve, during the call
// it is deferred in, into an error (a damaged segment made Bleve's open
// panic). Use as defer catchBleve(path, &err)().
func catchBleve(path string, err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			*err = fmt.Errorf("open index %s: damaged: %v", path, r)
		}
	}
}

var quietOnce sync.Once

// quietBleve keeps Bleve's storage engine, which logs through the standard
// logger ("unable to load snapshot…"), from writing onto the user's
// terminal. A program that pointed the standard logger elsewhere keeps
// its choice.
func quietBleve() {
	quietOnce.Do(func() {
		if log.Writer() == os.Stderr {
			log.SetOutput(io.Discard)
		}
	})
}
