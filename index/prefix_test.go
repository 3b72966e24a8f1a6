package index

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// TestPrefixSpans: the words a typing prefix highlights are the tokens
// Bleve would index with a term starting with it: whole tokens (a
// possessive included), any case, no stop words.
func TestPrefixSpans(t *testing.T) {
	analyzer := NewMapping().AnalyzerNamed(en.AnalyzerName)
	cases := []struct {
		text     string
		prefixes []string
		want     []string
	}{
		{"Patients and patient's outcomes", []string{"pati"}, []string{"Patients", "patient's"}},
		{"the therapy, then THERAPEUTIC", []string{"the"}, []string{"therapy", "THERAPEUTIC"}},
		{"Écart and écrit", []string{"éc"}, []string{"Écart", "écrit"}},
		{"non-patients (patients)", []string{"pati"}, []string{"patients", "patients"}},
		{"nothing here", []string{"pati"}, nil},
		{"alopecia areata", []string{"are", "alo"}, []string{"alopecia", "areata"}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range prefixSpans(c.text, c.prefixes, analyzer) {
			got = append(got, c.text[s.Start:s.End])
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q with %q: %q, want %q", c.text, c.prefixes, got, c.want)
		}
	}
}
