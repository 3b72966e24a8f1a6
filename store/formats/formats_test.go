package formats

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

func TestDetect(t *testing.T) {
	cases := []struct {
		head string
		want Format
	}{
		{`<?xml version="1.0"?><!DOCTYPE PubmedArticleSet><PubmedArticleSet>`, PubMedXML},
		{"\ufeff<MedlineCitationSet>", PubMedXML},
		{"\r\nPMID- 123\r\nTI  - x", MEDLINE},
		{"\n123|t|Title\n123|a|Text", PubTator},
		{"PMID,Title,Authors,Citation\n1,a,b,c", PubMedCSV},
		{"\ufeff\"PMID\",\"Title\"\n", PubMedCSV},
		{`{"pmid":"1","title":"x"}`, JSONL},
		{`<?xml version='1.0'?><!DOCTYPE collection SYSTEM "BioC.dtd"><collection><source>`, BioC},
	}
	for _, c := range cases {
		got, err := Detect([]byte(c.head))
		if err != nil || got != c.want {
			t.Errorf("Detect(%.30q) = %q, %v; want %q", c.head, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "hello world", "<html><body>", "\x00\x01\x02binary"} {
		if _, err := Detect([]byte(bad)); err == nil {
			t.Errorf("Detect(%q) should fail", bad)
		}
	}
}

// TestOpenEveryRealFile opens each shared data file by content and reads it
// to the end without an error.
func TestOpenEveryRealFile(t *testing.T) {
	dir := testdata.Dir(t)
	want := map[string]Format{
		"pubmed-xml": PubMedXML, "medline": MEDLINE, "bc5cdr": PubTator, "ncbi-disease": PubTator, "biored": PubTator,
	}
	n := 0
	for sub, format := range want {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		more, _ := filepath.Glob(filepath.Join(dir, sub, "*", "*.gz"))
		for _, f := range append(files, more...) {
			base := filepath.Base(f)
			if fi, _ := os.Stat(f); fi.IsDir() || strings.Contains(base, "README") || strings.Contains(base, "LICENSE") {
				continue
			}
			format := format
			if strings.HasSuffix(base, ".BioC.xml.gz") {
				format = BioC
			}
			n++
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			r, got, err := Open(base, fh)
			if err != nil || got != format {
				t.Fatalf("%s: format %q, %v; want %q", base, got, err, format)
			}
			for {
				if _, err := r.Next(); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatalf("%s: %v", base, err)
				}
			}
			fh.Close()
		}
	}
	if n < 30 {
		t.Fatalf("opened only %d files", n)
	}
}

func TestOpenBrokenInput(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte("PMID- 1\nTI  - a title that goes on " + strings.Repeat("and on ", 2000) + "\n\nPMID- 2\n"))
	w.Close()
	truncated := gz.Bytes()[:gz.Len()/2]
	cases := []struct {
		name  string
		input []byte
		want  string
	}{
		{"truncated gzip", truncated, "truncated.nbib.gz"},
		{"gzip header only", []byte{0x1f, 0x8b}, "gzip"},
		{"empty", nil, "empty input"},
		{"html page", []byte("<html><head><title>PubMed</title>"), "not PubMed XML"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name := "truncated.nbib.gz"
			r, _, err := Open(name, bytes.NewReader(c.input))
			for err == nil {
				_, err = r.Next()
				var pe *store.ParseError
				if errors.As(err, &pe) && !pe.Fatal {
					err = nil
				}
			}
			if errors.Is(err, io.EOF) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
}
