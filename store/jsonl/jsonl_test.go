package jsonl

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/follicle/follicle/store"
)

func TestRead(t *testing.T) {
	in := `{"pmid":"1","title":"One\u001b[31m","digest":"d"}` + "\n\n" +
		`{"pmid":"x","title":"bad"}` + "\n" + `not json` + "\n" + `{"pmid":"2","title":""}` + "\n" +
		`{"pmid":"3","title":"Three","abstract":[{"label":"METHODS","text":"m"}]}` + "\n"
	r := NewReader(strings.NewReader(in), "mine.jsonl")
	var good []store.Paper
	var errs []string
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		good = append(good, rec.Paper)
	}
	if len(good) != 2 || good[0].Title != "One" || good[1].Abstract[0].Label != "METHODS" || good[0].Origin != store.OriginImported {
		t.Fatalf("papers %+v", good)
	}
	wantErrs := []string{"jsonl: mine.jsonl: line 3: pmid \"x\"", "line 4: not a paper object", "line 5: paper has no title"}
	if len(errs) != 3 {
		t.Fatalf("errors %v", errs)
	}
	for i, w := range wantErrs {
		if !strings.Contains(errs[i], w) {
			t.Fatalf("error %q lacks %q", errs[i], w)
		}
	}
}
