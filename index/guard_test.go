package index

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/follicle/follicle/store"
)

func TestExpensiveQueriesAreRefused(t *testing.T) {
	ix := testIndex(t)
	many := strings.TrimSpace(strings.Repeat("hair ", maxClauses+1))
	for _, tc := range []struct {
		text, want string
	}{
		{"*", "clear the box"},
		{"***", "clear the box"},
		{"*cellulitis", "starts with a wildcard"},
		{"?air", "starts with a wildcard"},
		{"title:*itinib", "starts with a wildcard"},
		{"/bar.*/", "regular expressions"},
		{"abstract:/min.*/", "regular expressions"},
		{many, "more than 64 terms"},
		{"+alopecia -(" + many + ")", "more than 64 terms"},
		{`abstract:"oral minoxidil"`, "not in abstract:"},
		{`author:"kingston a"`, "not in author:"},
	} {
		_, err := ix.Search(context.Background(), Request{Text: tc.text})
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want a query error saying %q", tc.text, err, tc.want)
		}
	}
}

func TestReasonableQueriesPass(t *testing.T) {
	ix := testIndex(t)
	for _, text := range []string{
		"bar*", "ba*itinib", "baricitinib~2", "minoxidl~1", `"alopecia areata"`, `title:"alopecia areata"`, "abstract:foam",
		strings.TrimSpace(strings.Repeat("hair ", maxClauses)),
	} {
		if _, err := ix.Search(context.Background(), Request{Text: text}); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}

func TestFuzzinessOfAnalysedTerms(t *testing.T) {
	for _, tc := range []struct {
		term  string
		typed int
		want  int
	}{
		{"hair", 2, 1},
		{"alopecia", 2, 2},
		{"alopecia", 1, 1},
		{"pa", 2, 0}, // "pa?????s~2" analyses into "pa" and "s"
		{"s", 2, 0},
		{"abc", 2, 1},
		{"ключи", 2, 1}, // runes, not bytes
	} {
		if got := termFuzziness(tc.term, tc.typed); got != tc.want {
			t.Errorf("%q~%d: distance %d, want %d", tc.term, tc.typed, got, tc.want)
		}
	}
}

// TestFuzzyAttacks runs the fuzzy forms an attack test used against a
// shared server on an index of real abstracts: each is refused with a
// message or answered with bounded work (the 64 copies allocated 507 MB
// and overran the budget before the guard looked at analysed terms).
func TestFuzzyAttacks(t *testing.T) {
	ix, _, err := OpenOrBuild(context.Background(), realLibrary(t), Options{Home: t.TempDir(), Fingerprint: "fuzzy"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	copies := func(n int) string { return strings.TrimSpace(strings.Repeat("pa?????s~2 ", n)) }
	for _, tc := range []struct {
		text, refusal string
	}{
		// Follicle's parser refuses a pattern that is also fuzzy (Bleve's
		// read it as ~2 on the analysed "pa" and "s").
		{copies(64), "cannot also be fuzzy"},
		{copies(5), "cannot also be fuzzy"},
		{"title:" + copies(1) + " " + copies(4), "cannot also be fuzzy"},
		{copies(1), "cannot also be fuzzy"},
		{"pa~2 s~2 pa~2 s~2 pa~2 s~2 pa~2 s~2 pa~2 s~2", "more than 8 fuzzy (~) words"},
		{"s~2 pa~2 ab~2 cd~2 ef~2 gh~2 ij~2 kl~2", ""},
		{"alopecia~2 patients~2 treatment~2 minoxidl~1", ""},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ix.Search(context.Background(), Request{Text: tc.text})
		runtime.ReadMemStats(&after)
		if tc.refusal != "" {
			var qe *QueryError
			if !errors.As(err, &qe) || !strings.Contains(err.Error(), tc.refusal) {
				t.Errorf("%.40q: got %v, want a refusal saying %q", tc.text, err, tc.refusal)
			}
			continue
		}
		if err != nil {
			t.Errorf("%.40q: %v", tc.text, err)
		}
		if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 64 {
			t.Errorf("%.40q allocated %d MB; the fuzzy bounds allow a few", tc.text, mb)
		}
	}
}

// TestFuzzyCandidatesAreBounded: a fuzzy term close to more dictionary
// terms than maxFuzzyCandidates is refused, and a search whose deadline has
// passed stops collecting them at once.
func TestFuzzyCandidatesAreBounded(t *testing.T) {
	var words []string
	for a := 'a'; a <= 't'; a++ {
		for b := 'a'; b <= 't'; b++ {
			words = append(words, "qz"+string(a)+string(b)+"wvut") // 400 terms within 2 of qzaawvut
		}
	}
	ix := papersIndex(t, []store.Paper{{PMID: "1", Title: "Variants", Abstract: []store.Section{{Text: strings.Join(words, " ")}}, Year: 2020}})
	_, err := ix.Search(context.Background(), Request{Text: "qzaawvut~2"})
	if err == nil || !strings.Contains(err.Error(), `"qzaawvut"~2 is close to more than 256 words`) {
		t.Fatalf("got %v, want a refusal naming the term", err)
	}
	if res, err := ix.Search(context.Background(), Request{Text: "qzaawvut~1"}); err != nil || res.Total != 1 {
		t.Fatalf("~1 has 39 neighbours and must pass: %v, %d", err, res.Total)
	}
	advanced, err := ix.shards[0].Advanced()
	if err != nil {
		t.Fatal(err)
	}
	reader, err := advanced.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := fuzzyCandidates(ctx, reader, "qzaawvut", 2, FieldText); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled search went on collecting: %v", err)
	}
}
