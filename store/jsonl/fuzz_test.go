package jsonl

import (
	"bytes"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/store/storetest"
)

// FuzzJsonlReader feeds arbitrary bytes to the reader: it must never panic, must
// stop, and every record it returns must carry a PMID (or only deletions).
func FuzzJsonlReader(f *testing.F) {
	for _, s := range []string{`{"pmid":"1","title":"t"}`, "{}\n[]\nnull\n", `{"pmid":"1","title":"t","abstract":[{"text":"\u0000"}]}`} {
		f.Add([]byte(s))
	}
	f.Add(append(hostile.New("1", false).JSONL(), hostile.New(hostile.PMIDAttack, false).JSONL()...)) // the hostile record (internal/hostile)
	f.Fuzz(func(t *testing.T, data []byte) {
		storetest.CheckReaderInvariants(t, NewReader(bytes.NewReader(data), "fuzz"), len(data))
	})
}
