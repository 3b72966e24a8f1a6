package store

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// ErrShelfDamaged is a shelf record whose bytes no longer match their
// checksum.
var ErrShelfDamaged = errBadShelf

// Verify reads every record of the shelf and checks it against its
// CRC-32C, in chunks of about a megabyte, so damage anywhere in the file is
// found without waiting for the paper to be shown. It returns ctx's error
// when stopped, os.ErrClosed when the shelf was closed meanwhile.
func (s *Shelf) Verify(ctx context.Context) error {
	const chunk = 1 << 20
	var buf []byte
	for i := 0; i < len(s.sums); {
		if err := ctx.Err(); err != nil {
			return err
		}
		j := i + 1
		for j < len(s.sums) && s.records[j+1]-s.records[i] <= chunk {
			j++
		}
		from, to := s.records[i], s.records[j]
		if cap(buf) < int(to-from) {
			buf = make([]byte, to-from)
		}
		b := buf[:to-from]
		if err := s.readRange(b, from); err != nil {
			return err
		}
		for k := i; k < j; k++ {
			rec := b[s.records[k]-from : s.records[k+1]-from]
			if crc32.Checksum(rec, castagnoli) != s.sums[k] {
				return fmt.Errorf("shelf %s: paper %d: %w: checksum mismatch", s.path, k, errBadShelf)
			}
		}
		i = j
	}
	return nil
}

func (s *Shelf) readRange(b []byte, at uint64) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return os.ErrClosed
	}
	if _, err := s.f.ReadAt(b, int64(at)); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read shelf %s: %w", s.path, err)
	}
	return nil
}
