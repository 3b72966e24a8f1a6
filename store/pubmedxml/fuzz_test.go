package pubmedxml

import (
	"bytes"
	"testing"

	"github.com/follicle/follicle/internal/hostile"
	"github.com/follicle/follicle/store/storetest"
)

// FuzzPubmedxmlReader feeds arbitrary bytes to the reader: it must never panic, must
// stop, and every record it returns must carry a PMID (or only deletions).
func FuzzPubmedxmlReader(f *testing.F) {
	for _, s := range []string{sampleXML, "<PubmedArticleSet><DeleteCitation><PMID>1</PMID></DeleteCitation></PubmedArticleSet>", "<a><b>"} {
		f.Add([]byte(s))
	}
	f.Add(hostile.PubMedXML(hostile.New("1", true), hostile.New(hostile.PMIDAttackC1, true))) // the hostile record (internal/hostile)
	f.Fuzz(func(t *testing.T, data []byte) {
		storetest.CheckReaderInvariants(t, NewReader(bytes.NewReader(data), "fuzz"), len(data))
	})
}
