package index

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/store"
)

// TestTablesMatchBleve checks the in-memory counting and ranking against
// Bleve's own collector, facets and sort: the same totals, the same hits in
// the same order with the same scores and spans, and the same facets, for
// every query form, filter, sort and page, on an in-memory index (hits
// found by external ID) and on a read-only disk index (hits found through
// the document map).
func TestTablesMatchBleve(t *testing.T) {
	bundled, err := store.LoadBundled(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	mem, err := NewMemOnly(context.Background(), bundled)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	unhurried(mem)
	disk := mappedDiskIndex(t, bundled, 1)
	// Real abstracts from ../shared/data in batches: a disk index of
	// several segments, so internal numbers span segment boundaries; and
	// the same split over three shards searched at once, whose merged
	// answer must equal Bleve's alias over them.
	real := realLibrary(t)
	realDisk := mappedDiskIndex(t, real, 1)
	realShards := mappedDiskIndex(t, real, 3)
	fixture := testIndex(t)
	for name, ix := range map[string]*Index{"fixture in memory": fixture, "bundled in memory": mem, "bundled on disk": disk,
		"bundled on disk in 2 shards": mappedDiskIndex(t, bundled, 2),
		"real abstracts on disk":      realDisk, "real abstracts in 3 shards": realShards} {
		t.Run(name, func(t *testing.T) {
			for _, r := range equivalenceRequests() {
				compareTables(t, ix, r)
			}
		})
	}
	// Later searches must find the map: Bleve hands them the same snapshot.
	adv, err := disk.shards[0].Advanced()
	if err != nil {
		t.Fatal(err)
	}
	reader, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if local := disk.maps[0].get(reader); local == nil || len(local.docs) != bundled.Len() {
		t.Errorf("the document map a search sees is %v, for %d papers", local, bundled.Len())
	}
}

func equivalenceRequests() []Request {
	var out []Request
	texts := []string{"alopecia", "baricitinib", "minoxidil oral", "pati", "the", "alopecia are", "hair los", "+scalp treat", `"alopecia areata"`, "+finasteride -dutasteride",
		"title:scalp", "jak*", "minoxidl~1", "year:>=2020", "hair loss", "condition:LPP", "zzzz",
		"cisplatin nephrotoxicity", `"renal failure"`, "+patients +treatment", "disease -cancer", "induced"}
	for _, text := range texts {
		for _, s := range []Sort{SortRelevance, SortNewest, SortOldest} {
			out = append(out, Request{Text: text, Sort: s, Limit: 7}, Request{Text: text, Sort: s, Offset: 5, Limit: 4})
		}
		out = append(out, Request{Text: text, Prefix: true, Limit: 50})
	}
	return append(out,
		Request{Text: "treatment", Conditions: []string{"alopecia-areata"}, Limit: 20},
		Request{Text: "treatment", Drugs: []string{"minoxidil"}, Types: []string{"Review", "Meta-Analysis"}, Limit: 20},
		Request{Text: "study", YearFrom: 2015, YearTo: 2020, Sort: SortOldest, Limit: 20},
		Request{Conditions: []string{"cicatricial-alopecia"}, Limit: 30},
		Request{Text: "alopecia", Restrict: true, OnlyIDs: []string{"35334197", "37042112", "1"}, Limit: 10},
	)
}

func compareTables(t *testing.T, ix *Index, r Request) {
	t.Helper()
	fast, err := ix.search(context.Background(), r, false, true)
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	slow, err := ix.search(context.Background(), r, false, false)
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	fast.Took, slow.Took = 0, 0
	if !reflect.DeepEqual(pmids(fast), pmids(slow)) {
		t.Errorf("%+v: hits %v, Bleve %v", r, pmids(fast), pmids(slow))
		return
	}
	for i := range fast.Hits {
		f, s := fast.Hits[i], slow.Hits[i]
		if f.Score != s.Score || !reflect.DeepEqual(f.TitleSpans, s.TitleSpans) || !reflect.DeepEqual(f.TextSpans, s.TextSpans) {
			t.Errorf("%+v: hit %s: score %v spans %v %v; Bleve %v %v %v", r, f.Paper.PMID, f.Score, f.TitleSpans, f.TextSpans,
				s.Score, s.TitleSpans, s.TextSpans)
		}
	}
	fast.Hits, slow.Hits = nil, nil
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("%+v: facets\n%+v\nBleve\n%+v", r, fast, slow)
	}
}

// TestRepeatedValuesCountOnce checks a paper whose record repeats a
// publication type, as some exports do: Bleve counts it once, and so must
// the tables and the overview.
func TestRepeatedValuesCountOnce(t *testing.T) {
	ix := papersIndex(t, []store.Paper{
		{PMID: "1", Title: "Minoxidil for hair loss", Year: 2020, PubTypes: []string{"Review", "Review"}},
		{PMID: "2", Title: "Oral minoxidil", Year: 2021, PubTypes: []string{"Journal Article"}},
	})
	compareTables(t, ix, Request{Text: "minoxidil", Limit: 10})
	res, err := ix.Search(context.Background(), Request{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Types {
		if f.Value == "Review" && f.Count != 1 {
			t.Errorf("the overview counts a repeated type %d times", f.Count)
		}
	}
}

// mappedDiskIndex builds lib's index on disk, opens it read-only as the app
// does, and waits for its document map, so searches take the mapped path.
func mappedDiskIndex(t *testing.T, lib *store.Library, shards int) *Index {
	t.Helper()
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: filepath.Join(t.TempDir(), "ix"), Fingerprint: "t", Shards: shards})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.buildDocMap(context.Background()); err != nil {
		t.Fatal(err)
	}
	return unhurried(ix)
}
