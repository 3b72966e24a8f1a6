package eutils

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/importer"
)

// PubTatorBase is PubTator3's API; its export answers BioC XML for up to
// 100 PMIDs a request, at most three requests a second (the client's pace
// without an API key).
const PubTatorBase = "https://www.ncbi.nlm.nih.gov/research/pubtator3-api/"

// MaxAnnotateBatch is the most PMIDs one PubTator3 request asks for.
const MaxAnnotateBatch = 100

// AnnotateState is an annotation fetch in progress: the PMIDs still to ask
// for are those after After (in numeric order), saved after every batch.
type AnnotateState struct {
	After   string    `json:"after"`
	Started time.Time `json:"started"`
}

// AnnotateOptions say where the state lives and how to link.
type AnnotateOptions struct {
	StateFile string
	Import    importer.Options
	Batch     int // PMIDs per request (≤ MaxAnnotateBatch)
	Progress  func(done, total int)
}

// Annotate asks PubTator3 for the annotations of every library paper that
// has none yet, in batches, and stores them as the papers' most trusted
// links. An interrupted run resumes after the last batch it stored.
func Annotate(ctx context.Context, c *Client, db *store.DB, o AnnotateOptions) (importer.AnnotateSummary, error) {
	var sum importer.AnnotateSummary
	pmids, err := unannotated(db)
	if err != nil {
		return sum, err
	}
	st := loadAnnotateState(o.StateFile)
	if st.After != "" {
		k := sort.Search(len(pmids), func(i int) bool { return pmidLess(st.After, pmids[i]) })
		pmids = pmids[k:]
	}
	batch := o.Batch
	if batch <= 0 || batch > MaxAnnotateBatch {
		batch = MaxAnnotateBatch
	}
	for done := 0; done < len(pmids); done += batch {
		ids := pmids[done:min(done+batch, len(pmids))]
		body, err := c.get(ctx, "publications/export/biocxml", url.Values{"pmids": {strings.Join(ids, ",")}})
		if err != nil {
			return sum, fmt.Errorf("annotations for PMIDs %s…%s (rerun the same command to resume): %w", ids[0], ids[len(ids)-1], err)
		}
		s, err := importer.Annotations(ctx, db, "pubtator3 "+ids[0], bytes.NewReader(body), o.Import)
		sum.Add(s)
		if err != nil {
			return sum, err
		}
		st.After = ids[len(ids)-1]
		if err := saveAnnotateState(o.StateFile, st); err != nil {
			return sum, err
		}
		if o.Progress != nil {
			o.Progress(done+len(ids), len(pmids))
		}
	}
	os.Remove(o.StateFile)
	return sum, nil
}

// unannotated returns the PMIDs of the library's papers without
// annotations, in numeric order.
func unannotated(db *store.DB) ([]string, error) {
	papers, err := db.Papers()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range papers {
		if !p.Annotated {
			out = append(out, p.PMID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return pmidLess(out[i], out[j]) })
	return out, nil
}

// pmidLess orders PMIDs as numbers (shorter first), then as text.
func pmidLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func loadAnnotateState(path string) AnnotateState {
	var st AnnotateState
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &st) == nil && time.Since(st.Started) < 7*24*time.Hour {
		if _, err := strconv.ParseUint(st.After, 10, 64); err == nil {
			return st
		}
	}
	return AnnotateState{Started: time.Now().UTC()}
}

func saveAnnotateState(path string, st AnnotateState) error {
	b, _ := json.Marshal(st)
	return saveFile(path, b)
}
