package bioc

import (
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/pubtator"
	"github.com/follicle/follicle/store/storetest"
)

func readAll(t testing.TB, r store.RecordReader) ([]store.Record, []error) {
	return storetest.ReadAll(t, r)
}

// TestBioREDDevAgreesWithPubTator reads the BioC and the PubTator renderings
// of BioRED's development set: the same documents and mentions.
func TestBioREDDevAgreesWithPubTator(t *testing.T) {
	f, err := os.Open(testdata.Path(t, "biored", "Dev.BioC.xml.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, _ := gzip.NewReader(f)
	recs, errs := readAll(t, NewReader(z, "Dev.BioC.xml.gz"))
	if len(errs) != 0 || len(recs) != 84 {
		t.Fatalf("documents %d, errors %v", len(recs), errs)
	}
	p, _ := os.Open(testdata.Path(t, "biored", "Dev.PubTator"))
	defer p.Close()
	other, _ := readAll(t, pubtator.NewReader(p, "Dev.PubTator"))
	byID := map[string]store.Record{}
	for _, r := range other {
		byID[r.Paper.PMID] = r
	}
	mentions := 0
	for _, r := range recs {
		o, ok := byID[r.Paper.PMID]
		if !ok || o.Paper.Title != r.Paper.Title || len(o.Annotations) != len(r.Annotations) {
			t.Fatalf("document %s differs from its PubTator rendering", r.Paper.PMID)
		}
		mentions += len(r.Annotations)
	}
	if mentions != 2907 {
		t.Fatalf("mentions %d, want 2907", mentions)
	}
}

func TestBrokenBioC(t *testing.T) {
	_, errs := readAll(t, NewReader(strings.NewReader(`<collection><document><id>1</id><passage>`), "b.xml"))
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "bioc: b.xml: line 1, document 1:") {
		t.Fatalf("errors %v", errs)
	}
}

func FuzzBiocReader(f *testing.F) {
	f.Add([]byte(`<collection><document><id>1</id><passage><infon key="type">title</infon><text>T</text><annotation><infon key="type">Disease</infon><location offset="0" length="1"/><text>T</text></annotation></passage></document></collection>`))
	f.Add(hostile.BioC(hostile.New("1", true), hostile.New(hostile.PMIDAttackC1, true))) // the hostile record
	f.Fuzz(func(t *testing.T, data []byte) {
		storetest.CheckReaderInvariants(t, NewReader(strings.NewReader(string(data)), "fuzz"), len(data))
	})
}
