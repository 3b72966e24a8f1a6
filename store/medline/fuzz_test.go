package medline

import (
	"bytes"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/store/storetest"
)

// FuzzMedlineReader feeds arbitrary bytes to the reader: it must never panic, must
// stop, and every record it returns must carry a PMID (or only deletions).
func FuzzMedlineReader(f *testing.F) {
	for _, s := range []string{sample, "PMID- 1\n\nPMID- 2\nTI  - x\n      y\n", "garbage\n"} {
		f.Add([]byte(s))
	}
	f.Add(append(hostile.New("1", false).MEDLINE(), hostile.New(hostile.PMIDAttack, false).MEDLINE()...)) // the hostile record (internal/hostile)
	f.Fuzz(func(t *testing.T, data []byte) {
		storetest.CheckReaderInvariants(t, NewReader(bytes.NewReader(data), "fuzz"), len(data))
	})
}
