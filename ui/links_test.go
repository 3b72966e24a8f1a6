package ui

import (
	"testing"

	"github.com/follicle/follicle/store"
)

func TestLinksFromIdentifiers(t *testing.T) {
	dois := []struct{ doi, want string }{
		{"10.1001/jama.2020.1234", "https://doi.org/10.1001/jama.2020.1234"},
		{"10.1002/(SICI)1097-4636<1>3.0.CO;2-N", "https://doi.org/10.1002/(SICI)1097-4636%3C1%3E3.0.CO;2-N"},
		{"10.1000/a\"b'c#d?e&f", "https://doi.org/10.1000/a%22b%27c%23d%3Fe%26f"},
		{"10.1000/Müller", "https://doi.org/10.1000/M%C3%BCller"},
		{"10.1000/x\x1b]8;;http://evil.example/\x07", ""},
		{"10.1000/x\u009dy", ""},
		{"10.1000/x\u202ey", ""},
		{"10.1000/x y", ""},
		{"11.1000/x", ""},
		{"10.abc/x", ""},
		{"10.1000/", ""},
		{"", ""},
	}
	for _, tt := range dois {
		if got := doiURL(tt.doi); got != tt.want {
			t.Errorf("doiURL(%q) = %q, want %q", tt.doi, got, tt.want)
		}
	}
	pmids := map[string]string{"123": "https://pubmed.ncbi.nlm.nih.gov/123/", "12\x07": "", "1/../x": "", "": ""}
	for pmid, want := range pmids {
		if got := pubmedURL(&store.Paper{PMID: pmid}); got != want {
			t.Errorf("pubmedURL(%q) = %q, want %q", pmid, got, want)
		}
	}
}
