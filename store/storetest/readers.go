package storetest

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/follicle/follicle/store"
)

// ReadAll drains a reader: the good records and every error, stopping at
// the end or at a fatal error. A reader that never stops fails the test.
func ReadAll(t testing.TB, r store.RecordReader) ([]store.Record, []error) {
	t.Helper()
	var recs []store.Record
	var errs []error
	for i := 0; i < 10_000_000; i++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs
		}
		if err != nil {
			errs = append(errs, err)
			var pe *store.ParseError
			if errors.As(err, &pe) && pe.Fatal {
				return recs, errs
			}
			continue
		}
		recs = append(recs, rec)
	}
	t.Fatal("reader did not stop")
	return nil, nil
}

// CheckReaderInvariants is the body of every reader's fuzz test: whatever
// the input of size n, the reader must not panic, must stop after at most
// n+10 records, must report errors as *store.ParseError on one line with no
// control character, and every record must carry a numeric PMID or
// deletions and be clean: cleaning it again (store.CleanRecord) changes
// nothing, so no field kept an escape sequence or a control character.
func CheckReaderInvariants(t *testing.T, r store.RecordReader, n int) {
	for i := 0; i <= n+10; i++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		var pe *store.ParseError
		if err != nil {
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *store.ParseError: %v", err)
			}
			if msg := err.Error(); store.StripTerminal(msg) != msg || strings.Contains(msg, "\n") {
				t.Fatalf("error message carries control characters: %q", msg)
			}
			if pe.Fatal {
				return
			}
			continue
		}
		if rec.Paper.PMID == "" && len(rec.Deleted) == 0 {
			t.Fatalf("record without PMID: %+v", rec)
		}
		if rec.Paper.PMID != "" && !store.ValidPMID(rec.Paper.PMID) {
			t.Fatalf("record with PMID %q", rec.Paper.PMID)
		}
		checkClean(t, rec)
	}
	t.Fatal("reader returned more records than the input has bytes")
}

// checkClean fails when cleaning the record again would change it.
func checkClean(t *testing.T, rec store.Record) {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var again store.Record
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatal(err)
	}
	store.CleanRecord(&again)
	if !reflect.DeepEqual(rec, again) {
		t.Fatalf("record is not clean:\n%+v\ncleaned:\n%+v", rec, again)
	}
}
