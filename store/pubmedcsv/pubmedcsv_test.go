package pubmedcsv

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/follicle/follicle/store"
)

const sample = "\ufeffPMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n" +
	"37042112,Baricitinib as a test title,\"Kincaid CM, Doe J.\",Expert Rev Clin Immunol. 2023 Jun;19(6):565-573. doi: 10.1/x. Epub 2023 Apr 12.,Kincaid CM,Expert Rev Clin Immunol,2023,2023/04/12,,,10.1/x\n" +
	"abc,Bad row,,,,,,,,,\n" +
	"2,Second,\"Roe R.\",Lancet. 2019;1:e2.,Roe R,Lancet,2019,,,,\n"

func TestRead(t *testing.T) {
	r := NewReader(strings.NewReader(sample), "pubmed.csv")
	var recs []store.Record
	var errs []error
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, rec)
	}
	if len(recs) != 2 || len(errs) != 1 || !strings.Contains(errs[0].Error(), `pubmed-csv: pubmed.csv: line 3, row 2: PMID "abc" is not a number`) {
		t.Fatalf("records %d, errors %v", len(recs), errs)
	}
	want := store.Paper{PMID: "37042112", Title: "Baricitinib as a test title", Authors: []string{"Kincaid CM", "Doe J"},
		Journal: "Expert Rev Clin Immunol", Year: 2023, Month: "Jun", Volume: "19", Issue: "6", Pages: "565-573", DOI: "10.1/x", Origin: store.OriginImported}
	if !reflect.DeepEqual(recs[0].Paper, want) {
		t.Fatalf("paper\n got %+v\nwant %+v", recs[0].Paper, want)
	}
	if p := recs[1].Paper; p.Volume != "1" || p.Pages != "e2" || p.Month != "" {
		t.Fatalf("second %+v", p)
	}
}

func TestHeaderWithoutPMID(t *testing.T) {
	_, err := NewReader(strings.NewReader("Title,Authors\nx,y\n"), "x.csv").Next()
	var pe *store.ParseError
	if !errors.As(err, &pe) || !pe.Fatal || !strings.Contains(err.Error(), "no PMID column") {
		t.Fatalf("error %v", err)
	}
}
