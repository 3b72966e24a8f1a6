package pubmedcsv

import (
	"bytes"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/store/storetest"
)

// FuzzPubmedcsvReader feeds arbitrary bytes to the reader: it must never panic, must
// stop, and every record it returns must carry a PMID (or only deletions).
func FuzzPubmedcsvReader(f *testing.F) {
	for _, s := range []string{sample, "PMID\n1\n", "\"unterminated"} {
		f.Add([]byte(s))
	}
	f.Add(hostile.PubMedCSV(hostile.New("1", false), hostile.New(hostile.PMIDAttack, false))) // the hostile record (internal/hostile)
	f.Fuzz(func(t *testing.T, data []byte) {
		storetest.CheckReaderInvariants(t, NewReader(bytes.NewReader(data), "fuzz"), len(data))
	})
}
