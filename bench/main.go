// Command bench measures Follicle's index beside SQLite FTS5 on the same
// papers: build speed and size, and query latency per query class. It lives
// in its own module so the app never depends on the peer.
//
//	go run ./bench -size 20000      (from the repository root: cd bench && go run . -size 20000)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	withFTS5 := flag.Bool("fts5", true, "also measure SQLite FTS5 on the same papers")
	baseline := flag.String("baseline", "", "compare this run's ratios to the reference with the committed baseline and exit 1 on a regression (see gate.go)")
	writeBaseline := flag.String("write-baseline", "", "write this run's gated ratios and sizes to FILE as the new baseline")
	writeJSONL := flag.String("write-jsonl", "", "only write the corpus of -size papers to FILE as Follicle JSON Lines (for `follicle import`), then exit")
	probe := flag.String("probe", "", "internal: open the index under DIR as a second start would, and report (see probe.go)")
	probeJobFile := flag.String("probe-job", "", "internal: what the probe does (JSON, see probeJob)")
	keepHome := flag.String("home", "", "keep Follicle's index under DIR and reuse it when a later run finds it current (no build figures then)")
	classes := flag.String("classes", "", "only run these query classes (comma-separated, e.g. prefix,term-high)")
	relevance := flag.Bool("relevance", false, "only measure ranking on BEIR SciFact's training claims beside FTS5 (see relevance.go), then exit")
	flag.Parse()
	if *relevance {
		if err := relevanceMain(*dataDir); err != nil {
			fmt.Fprintln(os.Stderr, "bench: "+err.Error())
			os.Exit(1)
		}
		return
	}
	if *probe != "" {
		if err := probeMain(*probe, *probeJobFile); err != nil {
			fmt.Fprintln(os.Stderr, "bench probe: "+err.Error())
			os.Exit(1)
		}
		return
	}
	if *writeJSONL != "" {
		if err := writeCorpus(*writeJSONL, *size, *dataDir); err != nil {
			fmt.Fprintln(os.Stderr, "bench: "+err.Error())
			os.Exit(1)
		}
		return
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	ms, err := run(config{size: *size, runs: *runs, perClass: *perClass, dataDir: *dataDir, withFTS5: *withFTS5,
		home: *keepHome, classes: splitClasses(*classes)})
	if err == nil && *writeBaseline != "" {
		err = saveBaseline(*writeBaseline, ms)
	}
	if err == nil && *baseline != "" {
		err = checkBaseline(*baseline, ms)
	}
	if err != nil {
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
	// Ref is the same figure of the reference measured beside this one in
	// the same run (see gate.go); zero when there is none.
	Ref float64 `json:"ref,omitempty"`
}

// config is one run's settings, from the command line.
// emitFunc records one figure; ref, when given, is the same figure of the
// reference measured beside it in the same run.
type emitFunc func(engine, name string, v float64, unit string, ref ...float64)

type config struct {
	size, runs, perClass int
	dataDir              string
	withFTS5             bool
	home                 string          // keep the index here; "" means a temporary directory
	classes              map[string]bool // nil: every class
}

func splitClasses(s string) map[string]bool {
	if s == "" {
		return nil
	}
	out := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		out[strings.TrimSpace(c)] = true
	}
	return out
}

func run(c config) ([]metric, error) {
	ctx := context.Background()
	papers, lib, note, err := corpusFor(c)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "follicle-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var out []metric
	emit := func(engine, name string, v float64, unit string, ref ...float64) {
		m := metric{Engine: engine, Name: name, Value: v, Unit: unit, Size: c.size, Note: note}
		if len(ref) > 0 {
			m.Ref = ref[0]
		}
		out = append(out, m)
	}
	home := c.home
	if home == "" {
		home = filepath.Join(dir, "follicle")
	}
	if err := buildFollicle(ctx, lib, home, textBytes(papers), emit); err != nil {
		return nil, err
	}
	var fts *fts5
	if c.withFTS5 {
		if fts, err = measureFTS5Build(ctx, dir, papers, emit); err != nil {
			return nil, err
		}
	}
	all := queriesFor(lib, papers, c.perClass)
	qs := selectClasses(all, c.classes)
	if len(qs) == 0 && !c.classes["typing"] {
		return nil, fmt.Errorf("no query class matches -classes")
	}
	// The searches run in a process that holds what the app holds: the
	// generated corpus and its library (7 GB at a million papers) are let
	// go, and the index is opened as a second start opens it.
	papers, lib = nil, nil
	runtime.GC()
	debug.FreeOSMemory()
	ix, err := openLikeApp(home, emit)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	refused := map[string]int{}
	latencies, err := measure(ctx, ix, fts, qs, c.runs, refused)
	if err != nil {
		return nil, err
	}
	emitLatencies(emit, latencies, refused, c.runs)
	probed, err := afterQueries(ctx, c, ix, home, all, qs, emit)
	if err != nil {
		return nil, err
	}
	for _, m := range probed {
		m.Size, m.Note = c.size, note
		out = append(out, m)
	}
	return out, report(out)
}

// corpusFor reads the real abstracts, scales them out to c.size papers and
// links them into a library; note labels every figure with what it is.
func corpusFor(c config) ([]store.Paper, *store.Library, string, error) {
	real, err := loadReal(c.dataDir)
	if err != nil {
		return nil, nil, "", err
	}
	papers := scaleOut(real, c.size, 1)
	note := fmt.Sprintf("%d real + %d scaled-out papers, %.0f text bytes/doc", min(len(real), c.size), max(0, c.size-len(real)), textBytes(papers))
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		return nil, nil, "", err
	}
	lib, err := store.NewLibrary(entities, papers)
	if err != nil {
		return nil, nil, "", err
	}
	return papers, lib, note, nil
}

// emitLatencies reports each class's p50, p90 and p99 per engine, the
// maximum of the capped classes (bounded at 250 ms) and the share of them
// refused. Follicle's p50 and p90 carry the reference's (Bleve's own path,
// timed beside them) as their Ref, which the gate divides by; its p99 and
// maximum are reported only: of 100 runs of a sub-millisecond search on a
// shared machine they are one or two scheduling delays, not the code.
func emitLatencies(emit emitFunc, latencies map[string]map[string][]time.Duration, refused map[string]int, runs int) {
	for class, n := range refused {
		emit("follicle", class+"-refused", 100*float64(n)/float64(runs), "%")
	}
	stats := []struct {
		suffix string
		q      float64
		gated  bool
	}{{"-p50", 0.50, true}, {"-p90", 0.90, true}, {"-p99", 0.99, false}, {"-max", 1, false}}
	for class, lat := range latencies {
		if class == jitterClass {
			d := lat["machine"]
			for _, st := range stats[:2] {
				emit("machine", class+st.suffix, pct(d, st.q)-pct(d, 0.05), "ms")
			}
			continue
		}
		for engine, d := range lat {
			for _, st := range stats {
				if st.suffix == "-max" && !strings.HasPrefix(class, "capped") {
					continue
				}
				v := pct(d, st.q)
				if engine == "follicle" && st.gated && len(lat[referenceEngine]) > 0 {
					emit(engine, class+st.suffix, v, "ms", pct(lat[referenceEngine], st.q))
				} else {
					emit(engine, class+st.suffix, v, "ms")
				}
			}
		}
	}
}

// afterQueries measures throughput and runs the probe (memory, typing): a
// partial run (-classes) only types, if asked to.
func afterQueries(ctx context.Context, c config, ix *index.Index, home string, all, qs []query, emit emitFunc) ([]metric, error) {
	var job probeJob
	if c.classes == nil || c.classes["typing"] {
		job.Typing = typingTexts(all)
	}
	if c.classes == nil {
		for _, workers := range []int{1, 2, 4, 8} {
			own, ref := throughputBeside(ctx, ix, qs, workers, 2*time.Second)
			// One searcher is gated on its ratio; several measure how many
			// cores the machine has free (a competing job takes more from
			// the path that spreads over more goroutines), so they are
			// reported only.
			if workers == 1 {
				emit("follicle", fmt.Sprintf("qps-%d-searchers", workers), own, "queries/s", ref)
			} else {
				emit("follicle", fmt.Sprintf("qps-%d-searchers", workers), own, "queries/s")
			}
			emit(referenceEngine, fmt.Sprintf("qps-%d-searchers", workers), ref, "queries/s")
		}
		job.Requests = requestsOf(qs)
	}
	if job.Typing == nil && job.Requests == nil {
		return nil, nil
	}
	return runProbe(home, job, c.size, "")
}

// queriesFor is the whole query set for lib: the taxonomy's classes, their
// variants and the opening screen.
func queriesFor(lib *store.Library, papers []store.Paper, perClass int) []query {
	return append(variants(querySet(papers, perClass, 1), commonFacets(lib)), query{class: "everything", text: ""})
}

func selectClasses(qs []query, classes map[string]bool) []query {
	if classes == nil {
		return qs
	}
	var out []query
	for _, q := range qs {
		if classes[q.class] {
			out = append(out, q)
		}
	}
	return out
}

func measureFTS5Build(ctx context.Context, dir string, papers []store.Paper, emit emitFunc) (*fts5, error) {
	start := time.Now()
	fts, err := buildFTS5(ctx, dir, papers)
	if err != nil {
		return nil, err
	}
	size := float64(len(papers))
	emit("fts5", "build", size/time.Since(start).Seconds(), "docs/s")
	emit("fts5", "index-size", float64(dirSize(filepath.Join(dir, "fts5.db")))/size, "bytes/doc")
	emit("fts5", "index-size-with-text", float64(dirSize(filepath.Join(dir, "fts5.db")))/size, "bytes/doc")
	return fts, nil
}

// buildFollicle builds the index the way the app does (batches, verified
// count, swap), reports its speed and size, and times a cold second start
// in a fresh process.
func buildFollicle(ctx context.Context, lib *store.Library, home string, textPerDoc float64, emit emitFunc) error {
	size := lib.Len()
	refDir, err := os.MkdirTemp(filepath.Dir(home), "reference-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(refDir)
	// The reference builds once before and once after Follicle's build, and
	// Follicle's speed is judged against the slower of them (a reused -home index is
	// not built, and then neither is the reference).
	var refTimes []time.Duration
	if _, err := os.Stat(filepath.Join(home, "current")); err != nil {
		t, err := referenceBuild(ctx, lib, filepath.Join(refDir, "before"))
		if err != nil {
			return err
		}
		refTimes = append(refTimes, t)
	}
	runtime.GC()
	resetPeakRSS()
	start := time.Now()
	ix, built, err := index.OpenOrBuild(ctx, lib, index.Options{Home: home, Fingerprint: "bench"})
	if err != nil {
		return err
	}
	if built {
		secs := time.Since(start).Seconds()
		// The peak includes the library held in memory, as the app's build does.
		emit("follicle", "build-peak-rss", rssMB("VmHWM"), "MB")
		after, err := referenceBuild(ctx, lib, filepath.Join(refDir, "after"))
		if err != nil {
			return err
		}
		refTimes = append(refTimes, after)
		// The slower of the two references: the machine's load comes and
		// goes over a build's seconds, and a build is judged against the
		// harder of the conditions around it.
		var refSecs float64
		for _, t := range refTimes {
			refSecs = max(refSecs, t.Seconds())
		}
		emit("follicle", "build", float64(size)/secs, "docs/s", float64(size)/refSecs)
		emit("follicle", "build-text", textPerDoc*float64(size)/secs/1e6, "MB/s", textPerDoc*float64(size)/refSecs/1e6)
		emit(referenceEngine, "build", float64(size)/refSecs, "docs/s")
	}
	ix.Close()
	shelves, _ := filepath.Glob(filepath.Join(home, "current", "*.shelf"))
	shelf := int64(0)
	for _, f := range shelves {
		shelf += dirSize(f)
	}
	if shelf == 0 {
		return fmt.Errorf("the built index has no shelf of papers under %s", home)
	}
	// index-size is Bleve's files and the paper tables; with-text adds the
	// shelf that holds the papers' text, which FTS5's file holds too.
	emit("follicle", "index-size", float64(dirSize(home)-shelf)/float64(size), "bytes/doc")
	emit("follicle", "index-size-with-text", float64(dirSize(home))/float64(size), "bytes/doc")
	if err := dropFromPageCache(home); err != nil {
		return fmt.Errorf("drop the index from the page cache: %w", err)
	}
	cold, err := runProbe(home, probeJob{Cold: true}, size, "")
	if err != nil {
		return err
	}
	for _, m := range cold {
		emit(m.Engine, m.Name, m.Value, m.Unit)
	}
	return nil
}

// openLikeApp opens the index as a second start does and reports how long
// the open and the background preparation after it took; the query figures
// are the steady state after that preparation (before it, searches find
// papers by external ID).
func openLikeApp(home string, emit emitFunc) (*index.Index, error) {
	start := time.Now()
	ix, err := openDeferred(home)
	if err != nil {
		return nil, err
	}
	emit("follicle", "open", float64(time.Since(start).Microseconds())/1000, "ms")
	<-ix.Prepared()
	emit("follicle", "prepare-in-background", float64(time.Since(start).Microseconds())/1000, "ms")
	return ix, nil
}

// measure runs each class runs times, cycling through its queries, after
// one warm-up pass: every query on Follicle's path and on the reference's
// (Bleve's own collector, sort and facets over the same index), the two
// interleaved and taking turns going first, so that a slow moment of the
// machine falls on both; and on FTS5 when fts is not nil. A failed search
// stops the run: an error must never be timed as an answer. A capped query
// that the search budget stops counts in refused (by class, Follicle's
// path) and is timed as the wait for the message.
func measure(ctx context.Context, ix *index.Index, fts *fts5, qs []query, runs int, refused map[string]int) (map[string]map[string][]time.Duration, error) {
	byClass := map[string][]query{}
	for _, q := range qs {
		byClass[q.class] = append(byClass[q.class], q)
	}
	paths := [2]struct {
		engine string
		search func(context.Context, index.Request) (index.Result, error)
	}{{"follicle", ix.Search}, {referenceEngine, ix.SearchReference}}
	out := map[string]map[string][]time.Duration{}
	var spin spinner
	out[jitterClass] = map[string][]time.Duration{}
	for class, list := range byClass {
		out[class] = map[string][]time.Duration{}
		for i := -len(list); i < runs; i++ {
			q := list[(i+len(list))%len(list)]
			if i >= 0 {
				out[jitterClass]["machine"] = append(out[jitterClass]["machine"], spin.time())
			}
			for turn := range 2 {
				p := paths[(turn+i+len(list))%2]
				t0 := time.Now()
				_, err := p.search(ctx, followRequest(q))
				d := time.Since(t0)
				if errors.Is(err, index.ErrTooBroad) && q.peerless() {
					if i >= 0 && p.engine == "follicle" {
						refused[class]++
					}
					err = nil
				}
				if err != nil {
					return nil, fmt.Errorf("%s, %s query %q: %w", p.engine, class, q.text, err)
				}
				if i >= 0 {
					out[class][p.engine] = append(out[class][p.engine], d)
				}
			}
			if fts == nil || q.peerless() {
				continue // FTS5 has no fuzzy matching, no facets, no sort by year
			}
			t0 := time.Now()
			_, err := fts.search(ctx, ftsQuery(q))
			if d := time.Since(t0); i >= 0 {
				out[class]["fts5"] = append(out[class]["fts5"], d)
			}
			if err != nil {
				return nil, fmt.Errorf("fts5, %s query %q: %w", class, q.text, err)
			}
		}
	}
	return out, nil
}

func followRequest(q query) index.Request {
	r := index.Request{Text: q.text, Prefix: q.baseClass() == "prefix", Limit: 50, Sort: q.sort, Offset: q.offset,
		YearFrom: q.facets.yearFrom}
	if q.facets.condition != "" {
		r.Conditions = []string{q.facets.condition}
	}
	if q.facets.drug != "" {
		r.Drugs = []string{q.facets.drug}
	}
	return r
}

// commonFacets is the condition and the drug most papers of lib are about,
// and the median year of its papers.
func commonFacets(lib *store.Library) facetFilter {
	conditions, drugs := map[string]int{}, map[string]int{}
	var years []int
	lib.Each(func(_ int, p *store.Paper) error {
		for _, c := range p.Conditions {
			conditions[c]++
		}
		for _, d := range p.Drugs {
			drugs[d]++
		}
		if p.Year > 0 {
			years = append(years, p.Year)
		}
		return nil
	})
	sort.Ints(years)
	f := facetFilter{condition: mostCommon(conditions), drug: mostCommon(drugs)}
	if len(years) > 0 {
		f.yearFrom = years[len(years)/2]
	}
	return f
}

func mostCommon(counts map[string]int) string {
	best := ""
	for c, n := range counts {
		if n > counts[best] || (n == counts[best] && c < best) {
			best = c
		}
	}
	return best
}

// throughput is queries per second with workers searching the one shared
// index at once, over every query class in turn.
func throughput(ctx context.Context, search func(context.Context, index.Request) (index.Result, error), qs []query, workers int, d time.Duration) float64 {
	order := append([]query(nil), qs...)
	rand.New(rand.NewPCG(3, 5)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each worker starts at its own point of a shuffled list, so
			// every class is in the mix whatever the duration.
			for i := w * len(order) / workers; time.Now().Before(deadline); i++ {
				search(ctx, followRequest(order[i%len(order)]))
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
}

func pct(d []time.Duration, q float64) float64 {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return float64(d[int(q*float64(len(d)-1))].Nanoseconds()) / 1e6
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

// report prints one JSON object per metric, then a table with Follicle's
// figures beside the reference's (Bleve alone, the gate's yardstick) and
// FTS5's, and the ratios.
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
	ratio := func(a, b float64) string {
		if a > 0 && b > 0 {
			return fmt.Sprintf("%.3f", a/b)
		}
		return "-"
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "metric\tfollicle\tbleve\tfollicle/bleve\tfts5\tfollicle/fts5\t\n")
	for _, n := range names {
		f, b, g := vals[n]["follicle"], vals[n][referenceEngine], vals[n]["fts5"]
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%s\t%.2f\t%s\t\n", n, f, b, ratio(f, b), g, ratio(f, g))
	}
	fmt.Fprintf(tw, "(%s)\t\t\t\t\t\t\n", ms[0].Note)
	return tw.Flush()
}
