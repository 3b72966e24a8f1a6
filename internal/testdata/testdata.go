// Package testdata finds the shared real data sets (../shared/data beside
// the repository) for tests and benchmarks. Nothing from them is copied into
// this repository.
package testdata

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the absolute path of ../shared/data relative to the module
// root. When it is missing the test fails under CI=true and is skipped
// otherwise.
func Dir(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err == nil {
		dir := filepath.Join(root, "..", "shared", "data")
		if fi, statErr := os.Stat(dir); statErr == nil && fi.IsDir() {
			return dir
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("../shared/data is missing (needed by this test in CI)")
	}
	t.Skip("../shared/data is missing")
	return ""
}

// Path joins parts under Dir.
func Path(t testing.TB, parts ...string) string {
	t.Helper()
	return filepath.Join(append([]string{Dir(t)}, parts...)...)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// PubMedArticles returns the raw <PubmedArticle> elements of a gzipped
// PubMed XML file of the shared data, for test servers that answer like
// efetch.
func PubMedArticles(t testing.TB, parts ...string) []string {
	t.Helper()
	f, err := os.Open(Path(t, parts...))
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
	var out []string
	for text := string(raw); ; {
		i := strings.Index(text, "<PubmedArticle>")
		if i < 0 {
			return out
		}
		j := strings.Index(text[i:], "</PubmedArticle>") + i + len("</PubmedArticle>")
		out = append(out, text[i:j])
		text = text[j:]
	}
}
