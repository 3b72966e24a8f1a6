package serve

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// BenchmarkFiftySessions opens 50 SSH sessions on loopback against the
// bundled corpus; each types queries character by character. It reports
// the time from the last keystroke of a query to its results appearing in
// the session output (p50, p99), bytes sent per keystroke, and RSS and CPU
// per session (the peak resident set over the baseline, including the 50
// in-process SSH clients, so an overestimate). Run: go test -run '^$' -bench FiftySessions -benchtime 1x ./serve
func BenchmarkFiftySessions(b *testing.B) {
	const sessions = 50
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	// The index on disk, as "follicle serve" opens it.
	ix, _, err := index.OpenOrBuild(context.Background(), lib, index.Options{Home: filepath.Join(dir, "index"), Fingerprint: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	srv, err := New(Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "key"), Anonymous: true, MaxSessions: 100,
		ConnPerSecond: 1000, ConnBurst: 1000, Searcher: ix, Library: lib, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	// Freed heap goes back to the OS first, so the baseline is what the
	// server really holds; the peak is sampled while the sessions run.
	debug.FreeOSMemory()
	rssBefore, cpuBefore := rssKB(), cpuTime()
	peak := samplePeakRSS()
	// Each query is typed from a cleared box: Esc leaves it, / returns with
	// the text selected for editing, ctrl+u clears it.
	queries := []string{"/baricitinib", "\x15tofacitinib", "\x15alopecia", "\x15jak",
		"\x15minoxidil", "\x15scarring", "\x15lichen", "\x15ruxolitinib"}
	var mu sync.Mutex
	var latencies []time.Duration
	var bytesTyped, keystrokes int
	var wg sync.WaitGroup
	b.ResetTimer()
	for i := 0; i < sessions; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, n, k, err := oneSession(ln.Addr().String(), queries)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				b.Error(err)
				return
			}
			latencies = append(latencies, lat...)
			bytesTyped += n
			keystrokes += k
		}()
	}
	wg.Wait()
	b.StopTimer()
	peakKB := peak()
	if len(latencies) == 0 {
		b.Fatal("no measurements")
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	p := func(q float64) float64 {
		return float64(latencies[int(q*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(p(0.5), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
	b.ReportMetric(float64(bytesTyped)/float64(keystrokes), "bytes/keystroke")
	b.ReportMetric(float64(peakKB-rssBefore)/1024/sessions, "MB-RSS/session")
	b.ReportMetric((cpuTime()-cpuBefore).Seconds()*1000/sessions, "cpu-ms/session")
}

// keyInterval is the typing speed: 120 ms (eight keys a second, a fast
// typist) unless FOLLICLE_KEY_INTERVAL says otherwise (e.g. 300ms, an
// average typist).
var keyInterval = func() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("FOLLICLE_KEY_INTERVAL")); err == nil && d > 0 {
		return d
	}
	return 120 * time.Millisecond
}()

// oneSession types each query and times its results.
func oneSession(addr string, queries []string) ([]time.Duration, int, int, error) {
	key := mustSigner()
	conn, err := dial(addr, key)
	if err != nil {
		return nil, 0, 0, err
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		return nil, 0, 0, err
	}
	c := &timedClient{}
	sess.Stdout = c
	stdin, _ := sess.StdinPipe()
	sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{})
	if err := sess.Shell(); err != nil {
		return nil, 0, 0, err
	}
	if _, err := c.settle(time.Time{}); err != nil {
		return nil, 0, 0, err
	}
	var out []time.Duration
	keys := 0
	start := c.size()
	for _, q := range queries {
		var t0 time.Time
		for i, r := range q {
			if i > 0 {
				time.Sleep(keyInterval)
			}
			t0 = time.Now()
			stdin.Write([]byte(string(r)))
			keys++
		}
		last, err := c.settle(t0)
		if err != nil {
			return nil, 0, 0, err
		}
		out = append(out, last.Sub(t0))
	}
	return out, c.size() - start, keys, nil
}

// timedClient collects session output and when it last arrived. The
// renderer sends only changed cells, so "results shown" is measured as the
// last byte of the redraw that follows a keystroke.
type timedClient struct {
	mu   sync.Mutex
	n    int
	last time.Time
}

func (c *timedClient) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += len(p)
	c.last = time.Now()
	return len(p), nil
}

func (c *timedClient) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// settle waits until output after since has been quiet for 150 ms and
// returns when its last byte arrived.
func (c *timedClient) settle(since time.Time) (time.Time, error) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		last := c.last
		c.mu.Unlock()
		if last.After(since) && time.Since(last) > 150*time.Millisecond {
			return last, nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Time{}, fmt.Errorf("no output after the keystrokes")
}

func mustSigner() gossh.Signer {
	t := &testing.T{}
	return newSigner(t)
}

func rssKB() int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

// samplePeakRSS samples the resident set every 20 ms until the returned
// function is called, which reports the largest sample in KiB.
func samplePeakRSS() func() int {
	var mu sync.Mutex
	peak := rssKB()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				r := rssKB()
				mu.Lock()
				peak = max(peak, r)
				mu.Unlock()
			}
		}
	}()
	return func() int {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
