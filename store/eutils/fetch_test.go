package eutils

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
	"github.com/follicle/follicle/store/storetest"
)

// fakePubMed serves esearch and efetch on loopback from real PubMed XML
// records, and can fail on demand.
type fakePubMed struct {
	articles []string
	mu       sync.Mutex
	calls    []string
	fail     func(endpoint string, retstart int, call int) int // status to return, 0 for none
}

func newFakePubMed(t *testing.T) (*fakePubMed, *httptest.Server) {
	t.Helper()
	fp := &fakePubMed{articles: testdata.PubMedArticles(t, "pubmed-xml", "pubMR_neoplasms_serine_2017-2018.xml.gz")}
	if len(fp.articles) != 93 {
		t.Fatalf("fixture has %d articles, want 93", len(fp.articles))
	}
	srv := httptest.NewServer(http.HandlerFunc(fp.serve))
	t.Cleanup(srv.Close)
	return fp, srv
}

func (fp *fakePubMed) serve(w http.ResponseWriter, r *http.Request) {
	endpoint := strings.TrimPrefix(r.URL.Path, "/")
	q := r.URL.Query()
	retstart, _ := strconv.Atoi(q.Get("retstart"))
	fp.mu.Lock()
	fp.calls = append(fp.calls, endpoint+"@"+q.Get("retstart"))
	n := len(fp.calls)
	fp.mu.Unlock()
	if fp.fail != nil {
		if status := fp.fail(endpoint, retstart, n); status != 0 {
			http.Error(w, "injected failure", status)
			return
		}
	}
	switch endpoint {
	case "esearch.fcgi":
		fmt.Fprintf(w, `{"esearchresult":{"count":"%d","webenv":"MCID_test","querykey":"1"}}`, len(fp.articles))
	case "efetch.fcgi":
		if q.Get("WebEnv") != "MCID_test" || q.Get("query_key") != "1" {
			http.Error(w, "bad session", http.StatusBadRequest)
			return
		}
		retmax, _ := strconv.Atoi(q.Get("retmax"))
		end := min(retstart+retmax, len(fp.articles))
		fmt.Fprint(w, `<?xml version="1.0"?><PubmedArticleSet>`+strings.Join(fp.articles[retstart:end], "\n")+`</PubmedArticleSet>`)
	default:
		http.NotFound(w, r)
	}
}

func testClient(base string) *Client {
	c := NewClient(base+"/", "")
	c.Backoff = time.Millisecond
	c.APIKey = "test" // the 10-per-second interval keeps the test quick
	return c
}

func newDB(t *testing.T) *store.DB {
	db, err := store.OpenDB(filepath.Join(t.TempDir(), "library.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestFetchWithRetries(t *testing.T) {
	fp, srv := newFakePubMed(t)
	fp.fail = func(endpoint string, retstart, call int) int {
		switch {
		case endpoint == "esearch.fcgi" && call == 1:
			return http.StatusTooManyRequests
		case endpoint == "efetch.fcgi" && retstart == 40 && call < 6:
			return http.StatusBadGateway
		}
		return 0
	}
	db := newDB(t)
	state := filepath.Join(t.TempDir(), "fetch.json")
	sum, err := Fetch(context.Background(), testClient(srv.URL), db, FetchOptions{
		Query: "neoplasms serine", StateFile: state, Batch: 40, Import: importer.Options{Lexicon: storetest.Library(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Count(); n != 93 || sum.Result.Added != 93 {
		t.Fatalf("library holds %d papers, summary %s", n, sum)
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Fatal("a finished fetch must remove its state file")
	}
	if len(fp.calls) < 6 {
		t.Fatalf("calls %v: expected the failures to be retried", fp.calls)
	}
}

func TestFetchResumesAfterFailure(t *testing.T) {
	fp, srv := newFakePubMed(t)
	broken := true
	fp.fail = func(endpoint string, retstart, _ int) int {
		if broken && endpoint == "efetch.fcgi" && retstart >= 50 {
			return http.StatusServiceUnavailable
		}
		return 0
	}
	db := newDB(t)
	state := filepath.Join(t.TempDir(), "fetch.json")
	opts := FetchOptions{Query: "q", StateFile: state, Batch: 50, Import: importer.Options{Lexicon: storetest.Library(t)}}
	c := testClient(srv.URL)
	c.MaxRetries = 1
	if _, err := Fetch(context.Background(), c, db, opts); err == nil || !strings.Contains(err.Error(), "rerun the same command to resume") {
		t.Fatalf("a failing batch should stop the fetch resumably, got %v", err)
	}
	if n, _ := db.Count(); n != 50 {
		t.Fatalf("first batch should be kept: %d papers", n)
	}
	broken = false
	fp.calls = nil
	if _, err := Fetch(context.Background(), c, db, opts); err != nil {
		t.Fatal(err)
	}
	if fp.calls[0] != "efetch.fcgi@50" {
		t.Fatalf("the resumed fetch should continue at record 51 without a new search, calls %v", fp.calls)
	}
	if n, _ := db.Count(); n != 93 {
		t.Fatalf("after resuming the library holds %d papers", n)
	}
}

func TestFetchMaxAndErrors(t *testing.T) {
	_, srv := newFakePubMed(t)
	db := newDB(t)
	opts := FetchOptions{Query: "q", Max: 10, StateFile: filepath.Join(t.TempDir(), "s.json"), Import: importer.Options{Lexicon: storetest.Library(t)}}
	if _, err := Fetch(context.Background(), testClient(srv.URL), db, opts); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Count(); n != 10 {
		t.Fatalf("--max 10 fetched %d", n)
	}
	c := testClient(srv.URL + "/nowhere")
	if _, err := c.Search(context.Background(), "q"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("a 404 should fail at once with the status, got %v", err)
	}
}

func TestRateLimit(t *testing.T) {
	_, srv := newFakePubMed(t)
	c := NewClient(srv.URL+"/", "")
	start := time.Now()
	for i := 0; i < 4; i++ {
		if _, err := c.Search(context.Background(), "q"); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Fatalf("4 requests without a key took %v; NCBI allows 3 a second", elapsed)
	}
}
