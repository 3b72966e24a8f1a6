package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
)

// newLoopbackEutils serves esearch and efetch on 127.0.0.1 from the real
// PubMed XML of the shared data, and returns its base URL.
func newLoopbackEutils(t *testing.T) string {
	t.Helper()
	articles := testdata.PubMedArticles(t, "pubmed-xml", "pubMR_neoplasms_serine_2017-2018.xml.gz")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch r.URL.Path {
		case "/esearch.fcgi":
			fmt.Fprintf(w, `{"esearchresult":{"count":"%d","webenv":"W","querykey":"1"}}`, len(articles))
		case "/efetch.fcgi":
			start, _ := strconv.Atoi(q.Get("retstart"))
			n, _ := strconv.Atoi(q.Get("retmax"))
			fmt.Fprint(w, "<PubmedArticleSet>"+strings.Join(articles[start:min(start+n, len(articles))], "")+"</PubmedArticleSet>")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}
