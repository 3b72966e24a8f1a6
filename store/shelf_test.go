package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// shelfLibrary is a small linked library with the shapes a shelf must keep:
// structured abstracts, non-ASCII text, empty fields, PMIDs that sort
// differently as strings and as numbers.
func shelfLibrary(t testing.TB) *Library {
	t.Helper()
	entities := []Entity{
		{ID: "aa", Name: "alopecia areata", Kind: KindCondition},
		{ID: "jak", Name: "JAK inhibitor", Kind: KindDrug},
		{ID: "baricitinib", Name: "baricitinib", Kind: KindDrug, Parent: "jak"},
	}
	papers := []Paper{
		{PMID: "9", Title: "Baricitinib for alopecia areata", Year: 2022, Authors: []string{"King B", "Ohyama M"},
			Abstract: []Section{{Label: "BACKGROUND", Text: "Hair regrowth — SALT ≤20."}, {Text: "Two trials."}}, Origin: OriginImported,
			Conditions: []string{"aa"}, Drugs: []string{"baricitinib"}, Tagged: true}, // links stored at import
		{PMID: "10", Title: "Minoxidil", Digest: "A digest in our words.", Origin: OriginBundled, PubTypes: []string{"Review"}},
		{PMID: "100", Title: "No year, no text"},
		{PMID: "11", Title: "Ünïcode title ☃", Year: 1999, MeSH: []string{"Alopecia Areata"}},
	}
	lib, err := NewLibrary(entities, papers)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func writeTestShelf(t testing.TB, lib *Library) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "papers.shelf")
	if err := WriteShelf(path, lib); err != nil {
		t.Fatal(err)
	}
	return path
}

// openTestShelf writes a shelf of lib and opens it until the test ends.
func openTestShelf(t *testing.T, lib *Library) *Shelf {
	t.Helper()
	s, err := OpenShelf(writeTestShelf(t, lib))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustLibrary(t *testing.T, papers []Paper) *Library {
	t.Helper()
	lib, err := NewLibrary(nil, papers)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestShelfRoundTrip(t *testing.T) {
	lib := shelfLibrary(t)
	s := openTestShelf(t, lib)
	shelved := lib.OnShelf(s)
	if shelved.Len() != lib.Len() || !shelved.Shelved() {
		t.Fatalf("shelf holds %d papers, library %d", shelved.Len(), lib.Len())
	}
	for i := range lib.Len() {
		want, _ := lib.PaperAt(i)
		got, err := shelved.PaperAt(i)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || shelved.PMID(i) != want.PMID {
			t.Errorf("paper %d: got %+v, want %+v", i, got, want)
		}
		if j, ok := shelved.PaperIndex(want.PMID); !ok || j != i {
			t.Errorf("PaperIndex(%s) = %d, %v; want %d", want.PMID, j, ok, i)
		}
	}
	for _, missing := range []string{"", "1", "99", "12", "10 "} {
		if _, err := shelved.Paper(missing); !errors.Is(err, ErrNoPaper) {
			t.Errorf("Paper(%q): %v, want ErrNoPaper", missing, err)
		}
	}
	if got, _ := shelved.Paper("9"); !reflect.DeepEqual(got.Drugs, []string{"baricitinib", "jak"}) {
		t.Errorf("links are not kept on the shelf: %v", got.Drugs)
	}
}

func TestShelfEmpty(t *testing.T) {
	s := openTestShelf(t, mustLibrary(t, nil))
	if s.Len() != 0 {
		t.Fatalf("empty shelf holds %d papers", s.Len())
	}
	if _, ok := s.Find("1"); ok {
		t.Fatal("found a paper on an empty shelf")
	}
}

// TestShelfDamage cuts the file at every length and flips every byte of
// its footer and trailer: each must be refused at open (or, for a flipped
// byte inside a record, when that paper is read), never panic.
func TestShelfDamage(t *testing.T) {
	good, err := os.ReadFile(writeTestShelf(t, shelfLibrary(t)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	try := func(name string, b []byte) {
		s, err := openShelfBytes(t, filepath.Join(dir, name), b)
		if err != nil {
			return
		}
		defer s.Close()
		bad := false
		for i := range s.Len() {
			if _, err := s.Paper(i); err != nil {
				bad = true
			}
		}
		if !bad && name != "whole" {
			t.Errorf("%s: damage went unnoticed", name)
		}
	}
	try("whole", good)
	for n := range len(good) {
		try("cut-"+strconv.Itoa(n), good[:n])
	}
	for i := range len(good) {
		b := append([]byte(nil), good...)
		b[i] ^= 0x5a
		try("flip-"+strconv.Itoa(i), b)
	}
}

// openShelfBytes writes b to path and opens it as a shelf.
func openShelfBytes(t *testing.T, path string, b []byte) (*Shelf, error) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return OpenShelf(path)
}

// FuzzOpenShelf: any bytes are refused or read without a panic.
func FuzzOpenShelf(f *testing.F) {
	good, err := os.ReadFile(writeTestShelf(f, shelfLibrary(f)))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(shelfMagic))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := openShelfBytes(t, filepath.Join(dir, "fuzz.shelf"), b)
		if err != nil {
			return
		}
		defer s.Close()
		for i := range s.Len() {
			s.Paper(i)
			s.Find(s.PMID(i))
		}
	})
}

// TestPaperCodecRoundTrip: every field survives, including empty ones,
// negative years and long texts.
func TestPaperCodecRoundTrip(t *testing.T) {
	long := strings.Repeat("x", 70000)
	for i, p := range []Paper{
		{},
		{PMID: "1", Year: -5, EtAl: true, Abstract: []Section{{}}},
		{PMID: "2", DOI: "10.1/x", Title: "T", Authors: []string{"A B", ""}, Journal: "J", Year: 2024, Month: "Jan",
			Volume: "1", Issue: "2", Pages: "3-4", PubTypes: []string{"Review"}, MeSH: []string{"Alopecia"},
			Keywords: []string{"k"}, Language: "eng", Digest: "d", Abstract: []Section{{Label: "L", Text: long}},
			Conditions: []string{"aa"}, Drugs: []string{"jak"}, PMCID: "PMC1", Origin: OriginImported},
	} {
		got, err := decodePaper(appendPaper(nil, &p))
		if err != nil || !reflect.DeepEqual(*got, p) {
			t.Errorf("paper %d: got %+v, %v", i, got, err)
		}
	}
}

// FuzzDecodePaper: any bytes decode or are refused, never panic, and a
// decoded paper encodes back to the same bytes.
func FuzzDecodePaper(f *testing.F) {
	lib := shelfLibrary(f)
	for i := range lib.Len() {
		p, _ := lib.PaperAt(i)
		f.Add(appendPaper(nil, p))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := decodePaper(b)
		if err != nil {
			return
		}
		if again := appendPaper(nil, p); !bytes.Equal(again, b) {
			t.Fatalf("re-encoded %q as %q", b, again)
		}
	})
}

func TestPaperDecoderRefusesOddVarints(t *testing.T) {
	good := appendPaper(nil, &Paper{PMID: "1"})
	for name, b := range map[string][]byte{
		"long form of a length": append([]byte{paperCodecVersion, 0x81, 0x00}, good[3:]...),
		"past 64 bits":          append([]byte{paperCodecVersion}, bytes.Repeat([]byte{0xff}, 10)...),
		"et al is 2":            append(append([]byte(nil), good[:len(good)-8]...), 2, 0, 0, 0, 0, 0, 0, 0),
	} {
		if _, err := decodePaper(b); err == nil {
			t.Errorf("%s: decoded %q", name, b)
		}
	}
}

func TestShelfReadAfterClose(t *testing.T) {
	s, err := OpenShelf(writeTestShelf(t, shelfLibrary(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Paper(0); !errors.Is(err, os.ErrClosed) {
		t.Fatalf("read after close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
}

// TestShelfCache: a repeated read is served from the cache, and two papers
// sharing a slot each come back as themselves.
func TestShelfCache(t *testing.T) {
	var papers []Paper
	for i := range shelfCacheSlots + 10 {
		papers = append(papers, Paper{PMID: strconv.Itoa(100000 + i), Title: "Paper " + strconv.Itoa(i)})
	}
	s := openTestShelf(t, mustLibrary(t, papers))
	first, _ := s.Paper(5)
	again, _ := s.Paper(5)
	if first != again {
		t.Error("a repeated read decoded the paper again")
	}
	for _, i := range []int{5, 5 + shelfCacheSlots, 5, 5 + shelfCacheSlots} {
		p, err := s.Paper(i)
		if err != nil || p.PMID != papers[i].PMID {
			t.Fatalf("Paper(%d) = %v, %v; want PMID %s", i, p, err, papers[i].PMID)
		}
	}
}
