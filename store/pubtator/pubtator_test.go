package pubtator

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/storetest"
)

func readAll(t testing.TB, r store.RecordReader) ([]store.Record, []error) {
	return storetest.ReadAll(t, r)
}

const sample = "\n11|t|Minoxidil and hair loss\n11|a|Minoxidil caused hypertrichosis.\n" +
	"11\t0\t9\tMinoxidil\tChemical\tD008914\n11\t14\t23\thair loss\tDisease\tD000505|D006201\thair|loss\n" +
	"11\tCID\tD008914\tD000505\n\n" +
	"12|t|Second\n12\t0\t6\tSecond\tGeneOrGeneProduct\t3175\n12\t0\t3\tSec\tDisease\t-1\n"

func TestReadSample(t *testing.T) {
	recs, errs := readAll(t, NewReader(strings.NewReader(sample), "s.pubtator"))
	if len(errs) != 0 || len(recs) != 2 {
		t.Fatalf("records %d, errors %v", len(recs), errs)
	}
	r := recs[0]
	if r.Paper.PMID != "11" || r.Paper.Title != "Minoxidil and hair loss" || r.Paper.Abstract[0].Text != "Minoxidil caused hypertrichosis." {
		t.Fatalf("paper %+v", r.Paper)
	}
	want := []store.Annotation{
		{Kind: store.KindDrug, Type: "Chemical", Text: "Minoxidil", Start: 0, End: 9, IDs: []string{"D008914"}},
		{Kind: store.KindCondition, Type: "Disease", Text: "hair loss", Start: 14, End: 23, IDs: []string{"D000505", "D006201"}, Names: []string{"hair", "loss"}},
	}
	if !reflect.DeepEqual(r.Annotations, want) {
		t.Fatalf("annotations %+v", r.Annotations)
	}
	if a := recs[1].Annotations; a[0].Kind != "" || a[1].IDs != nil {
		t.Fatalf("other types keep no kind and -1 means no id: %+v", a)
	}
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		name  string
		input string
		good  int
		want  string
	}{
		{"garbage line", "1|t|a\nnonsense\n\n2|t|b\n", 1, "document 1, PMID 1: line 2"},
		{"bad offsets", "1|t|a\n1\tx\t2\tab\tDisease\tD1\n\n2|t|b\n", 2, ""},
		{"reversed offsets", "1|t|a\n1\t5\t2\tab\tDisease\tD1\n", 0, "not a range"},
		{"missing blank line", "1|t|a\n2|t|b\n", 0, "PMID 2 inside the document of PMID 1"},
		{"no title", "1\t0\t1\ta\tDisease\tD1\n", 1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs, errs := readAll(t, NewReader(strings.NewReader(c.input), "bad.txt"))
			if len(recs) != c.good {
				t.Fatalf("records %d, want %d; errors %v", len(recs), c.good, errs)
			}
			if c.want == "" {
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), c.want) || !strings.HasPrefix(errs[0].Error(), "pubtator: bad.txt: ") {
				t.Fatalf("errors %v, want one containing %q", errs, c.want)
			}
		})
	}
}

func TestRealCorpora(t *testing.T) {
	cases := []struct {
		path                      []string
		docs, chemicals, diseases int
		mentions                  int
	}{
		{[]string{"bc5cdr", "CDR_TrainingSet.PubTator.txt"}, 1000, 10550, 8426, 18976},
		{[]string{"bc5cdr", "CDR_DevelopmentSet.PubTator.txt"}, 500, 5347, 4244, 9591},
		{[]string{"ncbi-disease", "NCBItrainset_corpus.txt"}, 593, 0, 5145, 5145},
		{[]string{"ncbi-disease", "NCBIdevelopset_corpus.txt"}, 100, 0, 787, 787},
		{[]string{"biored", "Train.PubTator"}, 346, -1, -1, 11413},
		{[]string{"biored", "Dev.PubTator"}, 84, -1, -1, 2907},
	}
	for _, c := range cases {
		t.Run(c.path[1], func(t *testing.T) {
			f, err := os.Open(testdata.Path(t, c.path...))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			recs, errs := readAll(t, NewReader(f, c.path[1]))
			if len(errs) != 0 || len(recs) != c.docs {
				t.Fatalf("documents %d (want %d), errors %v", len(recs), c.docs, errs)
			}
			chem, dis, all := 0, 0, 0
			for _, r := range recs {
				for _, a := range r.Annotations {
					all++
					switch a.Kind {
					case store.KindDrug:
						chem++
					case store.KindCondition:
						dis++
					}
				}
			}
			if all != c.mentions || c.chemicals >= 0 && (chem != c.chemicals || dis != c.diseases) {
				t.Fatalf("mentions %d (chemical %d, disease %d), want %d (%d, %d)", all, chem, dis, c.mentions, c.chemicals, c.diseases)
			}
		})
	}
}
