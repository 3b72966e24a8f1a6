package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
)

// newLoopbackPubTator serves PubTator3's BioC export on 127.0.0.1 from the
// real BioC documents of the BioRED development set.
func newLoopbackPubTator(t *testing.T) (string, map[string]string) {
	t.Helper()
	f, err := os.Open(testdata.Path(t, "biored", "Dev.BioC.xml.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`^<id>(\d+)</id>`)
	docs := map[string]string{}
	for _, part := range strings.Split(string(raw), "<document>")[1:] {
		if m := id.FindStringSubmatch(part); m != nil {
			docs[m[1]] = "<document>" + part[:strings.Index(part, "</document>")+len("</document>")]
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/publications/export/biocxml" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<?xml version='1.0' encoding='UTF-8'?><collection><source>PubTator</source><date/><key/>`)
		for _, pmid := range strings.Split(r.URL.Query().Get("pmids"), ",") {
			fmt.Fprint(w, docs[pmid])
		}
		fmt.Fprint(w, "</collection>")
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/", docs
}

// TestAnnotateCommand imports the BioRED development papers as text only
// and fetches their annotations from a loopback PubTator3.
func TestAnnotateCommand(t *testing.T) {
	base, docs := newLoopbackPubTator(t)
	home := t.TempDir()
	var b strings.Builder
	f, err := os.Open(testdata.Path(t, "biored", "Dev.PubTator"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(f)
	f.Close()
	for _, line := range strings.Split(string(raw), "\n") { // text lines only
		if strings.Contains(line, "|t|") || strings.Contains(line, "|a|") || line == "" {
			b.WriteString(line + "\n")
		}
	}
	text := filepath.Join(t.TempDir(), "dev-text.pubtator")
	if err := os.WriteFile(text, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := follicle(t, nil, "import", "--home", home, text); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, stderr)
	}
	out, stderr, code := follicle(t, nil, "annotate", "--home", home, "--base", base, "--batch", "40")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d annotated documents read", len(docs))) {
		t.Fatalf("annotate: exit %d\n%s\n%s", code, out, stderr)
	}
	out, _, _ = follicle(t, nil, "library", "list", "--json", "--home", home)
	if n := strings.Count(out, `"annotated":true`); n < len(docs)*9/10 {
		t.Fatalf("%d of %d papers annotated", n, len(docs))
	}
	if _, stderr, code := follicle(t, nil, "annotate", "--home", home, "--batch", "500"); code != 2 || !strings.Contains(stderr, "--batch must be 1 to 100") {
		t.Fatalf("a bad --batch: exit %d %s", code, stderr)
	}
}
