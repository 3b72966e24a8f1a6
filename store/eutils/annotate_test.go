package eutils

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
	"github.com/follicle/follicle/store/pubtator"
)

// fakePubTator answers PubTator3's BioC export on loopback from the real
// BioC documents of the BioRED development set, and can fail on demand.
type fakePubTator struct {
	docs  map[string]string // PMID → <document>…</document>
	mu    sync.Mutex
	calls [][]string
	fail  func(call int) int // status to return, 0 for none
}

var docID = regexp.MustCompile(`^<document><id>(\d+)</id>`)

func newFakePubTator(t *testing.T) (*fakePubTator, *httptest.Server) {
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
	fp := &fakePubTator{docs: map[string]string{}}
	for _, part := range strings.Split(string(raw), "<document>")[1:] {
		doc := "<document>" + part[:strings.Index(part, "</document>")+len("</document>")]
		if m := docID.FindStringSubmatch(doc); m != nil {
			fp.docs[m[1]] = doc
		}
	}
	if len(fp.docs) != 84 {
		t.Fatalf("fixture has %d documents, want 84", len(fp.docs))
	}
	srv := httptest.NewServer(http.HandlerFunc(fp.serve))
	t.Cleanup(srv.Close)
	return fp, srv
}

func (fp *fakePubTator) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/publications/export/biocxml" {
		http.NotFound(w, r)
		return
	}
	pmids := strings.Split(r.URL.Query().Get("pmids"), ",")
	fp.mu.Lock()
	fp.calls = append(fp.calls, pmids)
	n := len(fp.calls)
	fp.mu.Unlock()
	if fp.fail != nil {
		if status := fp.fail(n); status != 0 {
			http.Error(w, "injected failure", status)
			return
		}
	}
	var b strings.Builder
	b.WriteString(`<?xml version='1.0' encoding='UTF-8'?><!DOCTYPE collection SYSTEM "BioC.dtd"><collection><source>PubTator</source><date>2024-01-01</date><key>BioC.key</key>`)
	for _, id := range pmids {
		b.WriteString(fp.docs[id]) // PubTator3 leaves out PMIDs it does not know
	}
	b.WriteString("</collection>")
	fmt.Fprint(w, b.String())
}

// textOnlyLibrary imports the BioRED development papers without their
// annotations (and one paper PubTator does not know), as a user's library.
func textOnlyLibrary(t *testing.T) (*store.DB, []store.Record) {
	t.Helper()
	f, err := os.Open(testdata.Path(t, "biored", "Dev.PubTator"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := pubtator.NewReader(f, "Dev.PubTator")
	var recs []store.Record
	var b strings.Builder
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
		fmt.Fprintf(&b, "%s|t|%s\n%s|a|%s\n\n", rec.Paper.PMID, rec.Paper.Title, rec.Paper.PMID, rec.Paper.Abstract[0].Text)
	}
	b.WriteString("1|t|A paper PubTator does not know\n1|a|Nothing here.\n\n")
	db := newDB(t)
	lib, err := store.NewLibrary(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.File(context.Background(), db, "dev.txt", strings.NewReader(b.String()), importer.Options{Lexicon: lib}); err != nil {
		t.Fatal(err)
	}
	return db, recs
}

func annotateOptions(t *testing.T, dir string) AnnotateOptions {
	lib, err := store.NewLibrary(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return AnnotateOptions{StateFile: filepath.Join(dir, "annotate-state.json"), Batch: 30, Import: importer.Options{Lexicon: lib}}
}

// TestAnnotateFromPubTator fetches annotations for a library on loopback,
// fails on the second batch, resumes, and checks that every annotated
// condition and chemical MeSH ID of the gold documents is linked.
func TestAnnotateFromPubTator(t *testing.T) {
	fp, srv := newFakePubTator(t)
	db, recs := textOnlyLibrary(t)
	dir := t.TempDir()
	fp.fail = func(call int) int {
		if call >= 2 {
			return http.StatusNotFound // not worth a retry
		}
		return 0
	}
	c := testClient(srv.URL)
	first, err := Annotate(context.Background(), c, db, annotateOptions(t, dir))
	if err == nil || !strings.Contains(err.Error(), "rerun the same command to resume") {
		t.Fatalf("a failed batch should stop with a resumable error, got %v", err)
	}
	if first.Documents != 29 { // the first batch: paper 1 and 29 BioRED papers
		t.Fatalf("first run: %s", first)
	}
	fp.fail = nil
	second, err := Annotate(context.Background(), c, db, annotateOptions(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	withKinds := 0
	for _, rec := range recs {
		if hasKinds(rec) {
			withKinds++
		}
	}
	if second.Documents != 55 || first.Annotated+second.Annotated != withKinds {
		t.Fatalf("resumed run: %s (%d papers have condition or chemical annotations)", second, withKinds)
	}
	for _, call := range fp.calls[2:] {
		if len(call) > 30 {
			t.Fatalf("a batch of %d PMIDs", len(call))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "annotate-state.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a finished run leaves no state behind")
	}
	checkGoldLinked(t, db, recs)
	again, err := Annotate(context.Background(), c, db, annotateOptions(t, dir))
	if err != nil || again.Documents != len(recs)-withKinds || again.Annotated != 0 {
		t.Fatalf("a third run should only ask again for the papers without annotations: %s, %v", again, err)
	}
}

func hasKinds(rec store.Record) bool {
	for _, a := range rec.Annotations {
		if a.Kind != "" {
			return true
		}
	}
	return false
}

func checkGoldLinked(t *testing.T, db *store.DB, recs []store.Record) {
	entities, err := db.Entities()
	if err != nil {
		t.Fatal(err)
	}
	mesh := map[string]string{}
	for _, e := range entities {
		mesh[e.ID] = e.MeSH
	}
	want, got := 0, 0
	for _, rec := range recs {
		p, ok, err := db.PaperByPMID(rec.Paper.PMID)
		if !hasKinds(rec) {
			continue
		}
		if err != nil || !ok || !p.Annotated {
			t.Fatalf("paper %s: annotated %v, %v", rec.Paper.PMID, p.Annotated, err)
		}
		linked := map[string]bool{}
		for _, id := range append(p.Conditions, p.Drugs...) {
			linked[mesh[id]] = true
		}
		for _, a := range rec.Annotations {
			if a.Kind != "" && len(a.IDs) == 1 && strings.HasPrefix(a.IDs[0], "D") {
				want++
				if linked[a.IDs[0]] {
					got++
				}
			}
		}
		if len(p.Mentions) == 0 {
			t.Errorf("paper %s has no mentions", p.PMID)
		}
	}
	if want == 0 || got != want {
		t.Fatalf("%d of %d annotated MeSH mentions are linked", got, want)
	}
}
