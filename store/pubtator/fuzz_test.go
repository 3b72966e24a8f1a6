package pubtator

import (
	"bytes"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/store/storetest"
)

// FuzzPubtatorReader feeds arbitrary bytes to the reader: it must never panic, must
// stop, and every record it returns must carry a PMID (or only deletions).
func FuzzPubtatorReader(f *testing.F) {
	for _, s := range []string{sample, "1|t|x\n1\t0\t1\ta\tDisease\tD1|D2\n", "|||\n\t\t\t\n"} {
		f.Add([]byte(s))
	}
	f.Add(append(hostile.New("1", false).PubTator(), hostile.New(hostile.PMIDAttack, false).PubTator()...)) // the hostile record (internal/hostile)
	f.Fuzz(func(t *testing.T, data []byte) {
		storetest.CheckReaderInvariants(t, NewReader(bytes.NewReader(data), "fuzz"), len(data))
	})
}
