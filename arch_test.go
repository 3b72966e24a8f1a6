package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/follicle/follicle"

// The import rules of docs/ARCHITECTURE.md: imports run main → cli → ui →
// index → store (cli also wires serve and data); main imports cli alone;
// only index imports Bleve; only ui, serve and cli import Bubble Tea,
// Bubbles and Lip Gloss; data is imported by cli alone.
func TestImportDirection(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < 5 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for path, imports := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
		for _, imp := range imports {
			if why := forbidden(rel, imp); why != "" {
				t.Errorf("%s imports %s: %s", path, imp, why)
			}
		}
	}
}

func TestForbiddenRule(t *testing.T) {
	cases := []struct {
		pkg, imp string
		bad      bool
	}{
		{"store", "github.com/blevesearch/bleve/v2", true},
		{"store", module + "/index", true},
		{"store/medline", module + "/store", false},
		{"index", "github.com/blevesearch/bleve/v2/search", false},
		{"index", module + "/ui", true},
		{"index", "charm.land/lipgloss/v2", true},
		{"ui", "charm.land/bubbletea/v2", false},
		{"ui", "github.com/blevesearch/bleve/v2", true},
		{"ui", module + "/data", true},
		{"", module + "/data", true},
		{"", module + "/cli", false},
		{"", module + "/ui", true},
		{"", "charm.land/bubbletea/v2", true},
		{"cli", module + "/data", false},
		{"cli", module + "/serve", false},
		{"cli", "charm.land/bubbletea/v2", false},
		{"ui", module + "/cli", true},
		{"serve", module + "/cli", true},
		{"serve", module + "/ui", false},
	}
	for _, c := range cases {
		if got := forbidden(c.pkg, c.imp) != ""; got != c.bad {
			t.Errorf("forbidden(%q, %q) = %v, want %v", c.pkg, c.imp, got, c.bad)
		}
	}
}

// forbidden says why package rel (relative to the module, "" for main) may
// not import imp, or "" if it may.
func forbidden(rel, imp string) string {
	top := strings.SplitN(rel, "/", 2)[0]
	isTUI := strings.HasPrefix(imp, "charm.land/") || strings.HasPrefix(imp, "github.com/charmbracelet/")
	switch {
	case strings.HasPrefix(imp, "github.com/blevesearch/") && top != "index":
		return "only index may import Bleve"
	case isTUI && top != "ui" && top != "serve" && top != "cli":
		return "only ui, serve and cli may import Bubble Tea, Bubbles and Lip Gloss"
	case !strings.HasPrefix(imp, module+"/"):
		return ""
	}
	target := strings.SplitN(strings.TrimPrefix(imp, module+"/"), "/", 2)[0]
	allowed := map[string][]string{
		"data":  {"data"}, // the corpus tools and tests share the scholarly allow-list
		"store": {"store"},
		"index": {"store"},
		"ui":    {"index", "store"},
		"serve": {"ui", "index", "store"},
		"cli":   {"ui", "serve", "index", "store", "data"},
		"":      {"cli"}, // main only wires
	}
	ok, known := allowed[top]
	if !known {
		return "package outside the architecture map"
	}
	for _, a := range ok {
		if a == target {
			return ""
		}
	}
	return top + " may not depend on " + target
}

// listPackages returns every non-test package of the module with its direct
// and indirect imports.
func listPackages(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	pkgs := map[string][]string{}
	for {
		var p struct {
			ImportPath string
			Imports    []string
			Deps       []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		pkgs[p.ImportPath] = p.Imports
	}
	return pkgs
}
