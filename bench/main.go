// Command bench measures Follicle's index beside SQLite FTS5 on the same
// papers: build speed and size, and query latency per query class. It lives
// in its own module so the app never depends on the peer.
//
//	go run ./bench -size 20000      (from the repository root: cd bench && go run . -size 20000)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

func main() {
	size := flag.Int("size", 5000, "papers (real ones first, then scaled-out)")
	runs := flag.Int("runs", 200, "runs of each query class after warm-up")
	dataDir := flag.String("data", "../../shared/data", "the shared data directory")
	perClass := flag.Int("per-class", 20, "queries per class")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to FILE")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(*size, *runs, *perClass, *dataDir); err != nil {
		fmt.Fprintln(os.Stderr, "bench: "+err.Error())
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// metric is one JSON output line.
type metric struct {
	Engine string  `json:"engine"`
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Size   int     `json:"size"`
	Note   string  `json:"note,omitempty"`
}

func run(size, runs, perClass int, dataDir string) error {
	ctx := context.Background()
	real, err := loadReal(dataDir)
	if err != nil {
		return err
	}
	papers := scaleOut(real, size, 1)
	note := fmt.Sprintf("%d real + %d scaled-out papers, %.0f text bytes/doc", min(len(real), size), max(0, size-len(real)), textBytes(papers))
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		return err
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "follicle-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var out []metric
	emit := func(engine, name string, v float64, unit string) {
		out = append(out, metric{Engine: engine, Name: name, Value: v, Unit: unit, Size: size, Note: note})
	}
	start := time.Now()
	ix, _, err := index.OpenOrBuild(ctx, lib, index.Options{Home: filepath.Join(dir, "follicle"), Fingerprint: "bench"})
	if err != nil {
		return err
	}
	defer ix.Close()
	emit("follicle", "build", float64(size)/time.Since(start).Seconds(), "docs/s")
	emit("follicle", "index-size", float64(dirSize(filepath.Join(dir, "follicle")))/float64(size), "bytes/doc")
	start = time.Now()
	fts, err := buildFTS5(ctx, dir, papers)
	if err != nil {
		return err
	}
	emit("fts5", "build", float64(size)/time.Since(start).Seconds(), "docs/s")
	emit("fts5", "index-size", float64(dirSize(filepath.Join(dir, "fts5.db")))/float64(size), "bytes/doc")
	for class, lat := range measure(ctx, ix, fts, querySet(papers, perClass, 1), runs) {
		for engine, d := range lat {
			emit(engine, class+"-p50", pct(d, 0.50), "ms")
			emit(engine, class+"-p99", pct(d, 0.99), "ms")
		}
	}
	return report(out)
}

// measure runs each class runs times, cycling through its queries, after
// one warm-up pass, on both engines.
func measure(ctx context.Context, ix *index.Index, fts *fts5, qs []query, runs int) map[string]map[string][]time.Duration {
	byClass := map[string][]query{}
	for _, q := range qs {
		byClass[q.class] = append(byClass[q.class], q)
	}
	out := map[string]map[string][]time.Duration{}
	for class, list := range byClass {
		out[class] = map[string][]time.Duration{}
		for i := -len(list); i < runs; i++ {
			q := list[(i+len(list))%len(list)]
			req := index.Request{Text: q.text, Prefix: q.class == "prefix", Limit: 50}
			t0 := time.Now()
			ix.Search(ctx, req)
			d := time.Since(t0)
			if i >= 0 {
				out[class]["follicle"] = append(out[class]["follicle"], d)
			}
			if q.class == "fuzzy" {
				continue // FTS5 has no fuzzy matching
			}
			t0 = time.Now()
			fts.search(ctx, ftsQuery(q))
			if d := time.Since(t0); i >= 0 {
				out[class]["fts5"] = append(out[class]["fts5"], d)
			}
		}
	}
	return out
}

func pct(d []time.Duration, q float64) float64 {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000
}

func dirSize(path string) int64 {
	var n int64
	filepath.Walk(path, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// report prints one JSON object per metric, then a table with the
// Follicle/FTS5 ratio.
func report(ms []metric) error {
	enc := json.NewEncoder(os.Stdout)
	vals := map[string]map[string]float64{}
	var names []string
	for _, m := range ms {
		if err := enc.Encode(m); err != nil {
			return err
		}
		if vals[m.Name] == nil {
			vals[m.Name] = map[string]float64{}
			names = append(names, m.Name)
		}
		vals[m.Name][m.Engine] = m.Value
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "metric\tfollicle\tfts5\tfollicle/fts5\t\n")
	for _, n := range names {
		f, g := vals[n]["follicle"], vals[n]["fts5"]
		ratio := "-"
		if g > 0 {
			ratio = fmt.Sprintf("%.2f", f/g)
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%s\t\n", n, f, g, ratio)
	}
	fmt.Fprintf(tw, "(%s)\t\t\t\t\n", ms[0].Note)
	return tw.Flush()
}
