package index

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"slices"

	"github.com/follicle/follicle/store"
)

// tablesFile sits in an index directory beside Bleve's files: the per-paper
// tables of the library the index was built from, so that opening a large
// index reads a few megabytes instead of every paper.
const tablesFile = "follicle-tables.bin"

const tablesMagic = "FLTABLE1"

// paperTable holds, per library position, what counting and sorting need,
// and the opening screen's orders. It is computed once when an index is
// built and then only read.
type paperTable struct {
	names  []string // facet values with their prefixes ("c:alopecia-areata")
	values []int32  // indexes into names, paper after paper
	starts []int32  // paper i's values are values[starts[i]:starts[i+1]]
	years  []int32  // paper i's year (0 when unknown)
	// byYear lists positions newest first (then by PMID), the order of a
	// match-all search sorted by relevance or by newest; oldest lists them
	// oldest first (then by PMID).
	byYear, oldest []int32
}

// newPaperTable reads every paper of lib once.
func newPaperTable(lib *store.Library) (*paperTable, error) {
	t := &paperTable{starts: make([]int32, 0, lib.Len()+1), years: make([]int32, 0, lib.Len())}
	ids := map[string]int32{}
	err := lib.Each(func(_ int, p *store.Paper) error {
		start := len(t.values)
		t.starts = append(t.starts, int32(start))
		t.years = append(t.years, int32(p.Year))
		for _, v := range facetValuesOf(p) {
			id, ok := ids[v]
			if !ok {
				id = int32(len(t.names))
				ids[v] = id
				t.names = append(t.names, v)
			}
			// A value counts once per paper, as a term counts once per
			// document in Bleve's facets.
			if !slices.Contains(t.values[start:], id) {
				t.values = append(t.values, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tabulate papers: %w", err)
	}
	t.starts = append(t.starts, int32(len(t.values)))
	t.byYear = t.sortedPositions(lib, SortNewest)
	t.oldest = t.sortedPositions(lib, SortOldest)
	return t, nil
}

// sortedPositions orders papers as sortFields(s) orders a match-all search,
// where every score is equal: by year (newest first for relevance and
// newest), then by PMID as a string.
func (t *paperTable) sortedPositions(lib *store.Library, s Sort) []int32 {
	pos := make([]int32, len(t.years))
	for i := range pos {
		pos[i] = int32(i)
	}
	slices.SortStableFunc(pos, func(a, b int32) int {
		byYear := cmp.Compare(t.years[b], t.years[a])
		if s == SortOldest {
			byYear = -byYear
		}
		return cmp.Or(byYear, cmp.Compare(lib.PMID(int(a)), lib.PMID(int(b))))
	})
	return pos
}

// order is the opening screen's order for s.
func (t *paperTable) order(s Sort) []int32 {
	if s == SortOldest {
		return t.oldest
	}
	return t.byYear
}

// papers is the number of papers the table covers.
func (t *paperTable) papers() int { return len(t.years) }

// write saves the table to path: magic, the names (count, then length and
// bytes each), then the int32 arrays (count, then values), then a CRC-32 of
// everything before it.
func (t *paperTable) write(path string) error {
	var b bytes.Buffer
	b.WriteString(tablesMagic)
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(t.names))))
	for _, n := range t.names {
		b.Write(binary.AppendUvarint(nil, uint64(len(n))))
		b.WriteString(n)
	}
	for _, a := range [][]int32{t.values, t.starts, t.years, t.byYear, t.oldest} {
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(a))))
		for _, v := range a {
			b.Write(binary.LittleEndian.AppendUint32(nil, uint32(v)))
		}
	}
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	if err := writeFileSync(path, b.Bytes()); err != nil {
		return fmt.Errorf("write paper tables: %w", err)
	}
	return nil
}

var errBadTables = errors.New("damaged paper tables")

// readPaperTable loads a table written by write and checks it covers
// papers papers.
func readPaperTable(path string, papers int) (*paperTable, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read paper tables: %w", err)
	}
	if len(b) < len(tablesMagic)+4 || string(b[:len(tablesMagic)]) != tablesMagic ||
		crc32.ChecksumIEEE(b[:len(b)-4]) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%s: %w: bad header or checksum", path, errBadTables)
	}
	r := tableReader{b: b[len(tablesMagic) : len(b)-4]}
	t := &paperTable{names: r.strings()}
	arrays := []*[]int32{&t.values, &t.starts, &t.years, &t.byYear, &t.oldest}
	for _, a := range arrays {
		*a = r.int32s()
	}
	if r.err != nil || len(r.b) != 0 || !t.consistent(papers) {
		return nil, fmt.Errorf("%s: %w: does not match %d papers", path, errBadTables, papers)
	}
	return t, nil
}

// consistent checks every index in the table is in range, so a search can
// trust it.
func (t *paperTable) consistent(papers int) bool {
	if len(t.years) != papers || len(t.starts) != papers+1 || len(t.byYear) != papers || len(t.oldest) != papers {
		return false
	}
	if t.starts[0] != 0 || int(t.starts[papers]) != len(t.values) {
		return false
	}
	for i := range papers {
		if t.starts[i] > t.starts[i+1] || t.byYear[i] < 0 || int(t.byYear[i]) >= papers ||
			t.oldest[i] < 0 || int(t.oldest[i]) >= papers {
			return false
		}
	}
	for _, v := range t.values {
		if v < 0 || int(v) >= len(t.names) {
			return false
		}
	}
	return true
}

// tableReader reads the sections of a tables file, remembering the first
// error.
type tableReader struct {
	b   []byte
	err error
}

func (r *tableReader) uint32() uint32 {
	if r.err != nil || len(r.b) < 4 {
		r.err = errBadTables
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *tableReader) strings() []string {
	n := r.uint32()
	if uint64(n) > uint64(len(r.b)) {
		r.err = errBadTables
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		l, k := binary.Uvarint(r.b)
		if r.err != nil || k <= 0 || l > uint64(len(r.b)-k) {
			r.err = errBadTables
			return nil
		}
		out = append(out, string(r.b[k:k+int(l)]))
		r.b = r.b[k+int(l):]
	}
	return out
}

func (r *tableReader) int32s() []int32 {
	n := r.uint32()
	if r.err != nil || uint64(n)*4 > uint64(len(r.b)) {
		r.err = errBadTables
		return nil
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(r.b[4*i:]))
	}
	r.b = r.b[4*n:]
	return out
}
