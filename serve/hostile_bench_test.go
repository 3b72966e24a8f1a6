package serve

import (
	"cmp"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// BenchmarkHostileLoad runs 100 honest sessions typing queries twice in
// one run: alone, then beside 20 hostile clients (7 declaring windows of
// 10000×10000 and typing, 7 typing the queries the guard refuses or
// bounds, 6 holding TCP connections that never start SSH). It reports the
// honest sessions' p99 keystroke-to-redraw with the hostile clients as a
// ratio to the p99 without them (target ≤ 1.5), the peak resident set
// during the hostile phase (target ≤ 1 GB; it includes the 120 in-process
// clients, so it overstates the server), and the goroutines and open
// descriptors left over the baseline once every client is gone (target 0,
// give or take the runtime's own). Its phases bound their own time.
// Run: go test -run '^$' -bench HostileLoad -benchtime 1x ./serve
func BenchmarkHostileLoad(b *testing.B) {
	const honest = 100
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	logs := &syncBuffer{}
	ix, _, err := index.OpenOrBuild(context.Background(), lib, index.Options{Home: filepath.Join(dir, "index"), Fingerprint: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	<-ix.Prepared()
	srv, err := New(Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "key"), Anonymous: true, MaxSessions: 150,
		// Every client is on 127.0.0.1 here, so the per-address cap is
		// raised to let the class in (TestSilentConnections tests it).
		MaxWaiting: 200, MaxWaitingPerAddr: 200,
		ConnPerSecond: 1000, ConnBurst: 1000, Searcher: ix, Library: lib, Logger: logTo(logs)})
	defer func() {
		if path := os.Getenv("FOLLICLE_BENCH_LOG"); path != "" {
			os.WriteFile(path, []byte(logs.String()), 0o600)
		}
	}()
	if err != nil {
		b.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	goroutines, fds := runtime.NumGoroutine(), openFDs()
	b.ResetTimer()
	alone, failedAlone := honestRun(b, addr, honest)
	stop := make(chan struct{})
	var hostile sync.WaitGroup
	for i := 0; i < 20; i++ {
		hostile.Add(1)
		go func() {
			defer hostile.Done()
			switch {
			case i < 7:
				hostileClient(addr, 10000, 10000, windowProbe, stop)
			case i < 14:
				hostileClient(addr, 40, 120, guardProbes, stop)
			default:
				silentTCP(addr, stop)
			}
		}()
	}
	time.Sleep(time.Second) // the hostile clients are in
	peak := samplePeakRSS()
	beside, failedBeside := honestRun(b, addr, honest)
	peakKB := peak()
	close(stop)
	hostile.Wait()
	b.StopTimer()
	deadline := time.Now().Add(15 * time.Second)
	for (runtime.NumGoroutine() > goroutines || openFDs() > fds) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	b.ReportMetric(p99(alone), "p99-alone-ms")
	b.ReportMetric(p99(beside), "p99-hostile-ms")
	b.ReportMetric(p99(beside)/p99(alone), "p99-ratio")
	b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MB")
	b.ReportMetric(float64(failedAlone), "failed-alone")
	b.ReportMetric(float64(failedBeside), "failed-hostile")
	b.ReportMetric(float64(runtime.NumGoroutine()-goroutines), "goroutines-left")
	b.ReportMetric(float64(openFDs()-fds), "fds-left")
}

// honestRun runs n honest sessions at once and returns their latencies and
// how many sessions failed (could not connect or saw no redraw within
// 10 s); it fails the benchmark only when none succeeded.
func honestRun(b *testing.B, addr string, n int) ([]time.Duration, int) {
	queries := []string{"/baricitinib", "\x15tofacitinib", "\x15alopecia", "\x15jak", "\x15minoxidil", "\x15scarring"}
	var mu sync.Mutex
	var all []time.Duration
	var failed int
	var firstErr error
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 20 * time.Millisecond) // a class arriving over two seconds
			lat, _, _, err := oneSession(addr, queries)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed++
				firstErr = cmp.Or(firstErr, err)
				return
			}
			all = append(all, lat...)
		}()
	}
	wg.Wait()
	if len(all) == 0 {
		b.Fatalf("no session succeeded: %v", firstErr)
	}
	return all, failed
}

func p99(lat []time.Duration) float64 {
	sorted := append([]time.Duration(nil), lat...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return float64(sorted[int(0.99*float64(len(sorted)-1))].Microseconds()) / 1000
}

// windowProbe and guardProbes are what hostile clients type: ordinary
// queries in a huge window, and the query forms an attack test used to
// take a server down.
var (
	windowProbe = []string{"/alopecia", "\x15minoxidil oral", "\x15finasteride"}
	guardProbes = []string{"/pa?????s~2 pa?????s~2 pa?????s~2 pa?????s~2 pa?????s~2", "\x15*", "\x15a*", "\x15s~2 ab~2 cd~2",
		"\x15/.*/", "\x15" + repeatWord("hair ", 70), "\x15patien~2 treatm~2 alopec~2"}
)

func repeatWord(w string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += w
	}
	return out
}

// hostileClient types queries fast in a session of the given size until
// stop, changing its window now and then; its output is read and dropped.
func hostileClient(addr string, h, w int, queries []string, stop <-chan struct{}) {
	conn, err := dial(addr, mustSigner())
	if err != nil {
		return
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		return
	}
	sess.Stdout = io.Discard
	stdin, _ := sess.StdinPipe()
	sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{})
	if sess.Shell() != nil {
		return
	}
	for n := 0; ; n++ {
		for _, r := range queries[n%len(queries)] {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := stdin.Write([]byte(string(r))); err != nil {
				return
			}
		}
		if h > 1000 {
			sess.WindowChange(h-n%7, w-n%5)
		}
	}
}

// silentTCP holds a connection that never starts SSH, opening another
// whenever the server closes it, until stop.
func silentTCP(addr string, stop <-chan struct{}) {
	for {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		closed := make(chan struct{})
		go func() {
			io.Copy(io.Discard, conn)
			close(closed)
		}()
		select {
		case <-stop:
			conn.Close()
			<-closed
			return
		case <-closed:
			conn.Close()
		}
	}
}

func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(entries)
}
