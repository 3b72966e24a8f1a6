package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// A shelf is a read-only file of a library's linked papers, written once
// beside the index they were indexed from. Why it exists: a library of
// 200,000 imported papers took 6–8 s and 1.6 GB to load and re-link on
// every start, yet a search shows one page of papers at a time. A shelf is
// opened by reading its footer (PMIDs and offsets, a few MB), and a paper is
// decoded only when it is shown. It is derived data, like the index, so a
// damaged shelf means "rebuild", never lost work.
//
// Layout: magic, then each paper (papercodec.go), then the PMIDs concatenated, then
// the footer (little-endian): record offsets [n+1]uint64, PMID offsets
// [n+1]uint32, positions sorted by PMID [n]uint32, each record's CRC-32C
// [n]uint32, then the trailer: n,
// where the PMIDs start, where the footer starts (uint64 each), the
// footer's CRC-32 and the magic again.

const shelfMagic = "FLSHELF1"

// trailerSize is the fixed tail: three uint64, a uint32 CRC and the magic.
const trailerSize = 3*8 + 4 + 8 // len(shelfMagic)

// Shelf is an open shelf file. It is safe for concurrent reads, and for a
// Close during them (a read after Close fails instead of touching unmapped
// memory).
type Shelf struct {
	f       *os.File
	path    string
	mu      sync.RWMutex
	closed  bool
	records []uint64 // record i is bytes records[i]:records[i+1]
	pmids   string   // every PMID, concatenated
	pmidOff []uint32 // PMID i is pmids[pmidOff[i]:pmidOff[i+1]]
	byPMID  []uint32 // positions sorted by PMID
	sums    []uint32 // CRC-32C of each record
	cache   [shelfCacheSlots]atomic.Pointer[cachedPaper]
}

// shelfCacheSlots bounds the decoded papers a shelf keeps: a search shows
// the same few pages again and again (typing, paging back, fifty sessions
// of a study group on one corpus), and decoding them each time was a third
// of a keystroke's search on the bundled corpus. Slot i%n holds paper i,
// so the cache needs no lock and never grows (about 12 MB at most).
const shelfCacheSlots = 4096

type cachedPaper struct {
	i int
	p *Paper
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteShelf writes every paper of lib, in library order, to path and syncs
// it. The file is complete only when this returns nil.
func WriteShelf(path string, lib *Library) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create shelf: %w", err)
	}
	err = writeShelf(f, lib)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write shelf %s: %w", path, err)
	}
	return nil
}

func writeShelf(f *os.File, lib *Library) error {
	w := bufio.NewWriterSize(f, 1<<20)
	n := lib.Len()
	records := make([]uint64, 0, n+1)
	pos := uint64(len(shelfMagic))
	w.WriteString(shelfMagic)
	var pmids strings.Builder
	pmidOff := make([]uint32, 0, n+1)
	sums := make([]uint32, 0, n)
	var b []byte
	err := lib.Each(func(_ int, p *Paper) error {
		b = appendPaper(b[:0], p)
		records = append(records, pos)
		sums = append(sums, crc32.Checksum(b, castagnoli))
		pos += uint64(len(b))
		pmidOff = append(pmidOff, uint32(pmids.Len()))
		pmids.WriteString(p.PMID)
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	records = append(records, pos)
	pmidOff = append(pmidOff, uint32(pmids.Len()))
	w.WriteString(pmids.String())
	footerAt := pos + uint64(pmids.Len())
	footer := encodeFooter(records, pmidOff, sortByPMID(pmids.String(), pmidOff), sums)
	w.Write(footer)
	var trailer [trailerSize]byte
	binary.LittleEndian.PutUint64(trailer[0:], uint64(n))
	binary.LittleEndian.PutUint64(trailer[8:], pos)
	binary.LittleEndian.PutUint64(trailer[16:], footerAt)
	binary.LittleEndian.PutUint32(trailer[24:], crc32.ChecksumIEEE(footer))
	copy(trailer[28:], shelfMagic)
	w.Write(trailer[:])
	return w.Flush()
}

func sortByPMID(pmids string, off []uint32) []uint32 {
	order := make([]uint32, len(off)-1)
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int {
		return strings.Compare(pmids[off[a]:off[a+1]], pmids[off[b]:off[b+1]])
	})
	return order
}

func encodeFooter(records []uint64, pmidOff, byPMID, sums []uint32) []byte {
	b := make([]byte, 0, 8*len(records)+4*(len(pmidOff)+len(byPMID)+len(sums)))
	for _, v := range records {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	for _, a := range [][]uint32{pmidOff, byPMID, sums} {
		for _, v := range a {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	return b
}

// errBadShelf is wrapped by every complaint about a shelf's structure.
var errBadShelf = errors.New("damaged shelf")

// OpenShelf opens a shelf written by WriteShelf, reading and checking its
// footer. Papers are read when asked for.
func OpenShelf(path string) (*Shelf, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open shelf: %w", err)
	}
	s, err := readShelfFooter(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open shelf %s: %w", path, err)
	}
	s.f, s.path = f, path
	return s, nil
}

func readShelfFooter(f *os.File) (*Shelf, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := uint64(fi.Size())
	if size < uint64(len(shelfMagic)+trailerSize) {
		return nil, fmt.Errorf("%w: %d bytes is too short", errBadShelf, size)
	}
	head := make([]byte, len(shelfMagic))
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, err
	}
	var t [trailerSize]byte
	if _, err := f.ReadAt(t[:], int64(size)-trailerSize); err != nil {
		return nil, err
	}
	if string(head) != shelfMagic {
		return nil, fmt.Errorf("%w: not a shelf", errBadShelf)
	}
	n := binary.LittleEndian.Uint64(t[0:])
	pmidsAt := binary.LittleEndian.Uint64(t[8:])
	footerAt := binary.LittleEndian.Uint64(t[16:])
	footerLen := 8*(n+1) + 4*(n+1) + 8*n
	if string(t[28:]) != shelfMagic || n > 1<<31 || pmidsAt > footerAt || footerAt+footerLen+trailerSize != size {
		return nil, fmt.Errorf("%w: bad trailer", errBadShelf)
	}
	buf := make([]byte, size-trailerSize-pmidsAt)
	if _, err := f.ReadAt(buf, int64(pmidsAt)); err != nil {
		return nil, err
	}
	footer := buf[footerAt-pmidsAt:]
	if crc32.ChecksumIEEE(footer) != binary.LittleEndian.Uint32(t[24:]) {
		return nil, fmt.Errorf("%w: footer checksum mismatch", errBadShelf)
	}
	return decodeFooter(int(n), string(buf[:footerAt-pmidsAt]), footer, pmidsAt)
}

func decodeFooter(n int, pmids string, footer []byte, pmidsAt uint64) (*Shelf, error) {
	s := &Shelf{pmids: pmids, records: make([]uint64, n+1)}
	for i := range s.records {
		s.records[i] = binary.LittleEndian.Uint64(footer[8*i:])
	}
	footer = footer[8*(n+1):]
	for _, a := range []struct {
		dst *[]uint32
		n   int
	}{{&s.pmidOff, n + 1}, {&s.byPMID, n}, {&s.sums, n}} {
		*a.dst = make([]uint32, a.n)
		for i := range *a.dst {
			(*a.dst)[i] = binary.LittleEndian.Uint32(footer[4*i:])
		}
		footer = footer[4*a.n:]
	}
	ok := s.records[0] == uint64(len(shelfMagic)) && s.records[n] == pmidsAt &&
		s.pmidOff[0] == 0 && s.pmidOff[n] == uint32(len(pmids))
	for i := 0; ok && i < n; i++ {
		ok = s.records[i] <= s.records[i+1] && s.pmidOff[i] <= s.pmidOff[i+1] && s.byPMID[i] < uint32(n)
	}
	if !ok {
		return nil, fmt.Errorf("%w: offsets out of order", errBadShelf)
	}
	return s, nil
}

// Len is the number of papers on the shelf.
func (s *Shelf) Len() int { return len(s.byPMID) }

// PMID returns paper i's PMID without reading the paper.
func (s *Shelf) PMID(i int) string { return s.pmids[s.pmidOff[i]:s.pmidOff[i+1]] }

// Find returns the position of the paper with the given PMID.
func (s *Shelf) Find(pmid string) (int, bool) {
	k, ok := slices.BinarySearchFunc(s.byPMID, pmid, func(pos uint32, want string) int {
		return strings.Compare(s.PMID(int(pos)), want)
	})
	if !ok {
		return 0, false
	}
	return int(s.byPMID[k]), true
}

// Paper returns paper i, decoded from the file unless a recent call did.
// The paper may be shared with other callers, who must not modify it.
func (s *Shelf) Paper(i int) (*Paper, error) {
	slot := &s.cache[i%shelfCacheSlots]
	if c := slot.Load(); c != nil && c.i == i {
		return c.p, nil
	}
	p, err := s.read(i)
	if err == nil {
		slot.Store(&cachedPaper{i: i, p: p})
	}
	return p, err
}

// read decodes paper i from the file.
func (s *Shelf) read(i int) (*Paper, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, fmt.Errorf("read paper %d from shelf %s: %w", i, s.path, os.ErrClosed)
	}
	// ReadAt rather than a memory map: mapped pages count in the process's
	// resident memory, and after 10,000 searches at 200,000 papers most of
	// the shelf had been touched; the cache above spares most reads.
	from, to := s.records[i], s.records[i+1]
	b := make([]byte, to-from)
	if _, err := s.f.ReadAt(b, int64(from)); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read paper %d from shelf %s: %w", i, s.path, err)
	}
	if crc32.Checksum(b, castagnoli) != s.sums[i] {
		return nil, fmt.Errorf("read paper %d from shelf %s: %w: checksum mismatch", i, s.path, errBadShelf)
	}
	p, err := decodePaper(b)
	if err != nil || p.PMID != s.PMID(i) {
		return nil, fmt.Errorf("read paper %d from shelf %s: %w (%v)", i, s.path, errBadShelf, err)
	}
	return p, nil
}

// Close closes the shelf file.
func (s *Shelf) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.f.Close()
}
