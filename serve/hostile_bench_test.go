package serve

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
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
// bounds, 6 holding TCP connections that never start SSH). The clients
// run in child processes (this test binary, see TestLoadClients), so the
// resident set sampled here is the server's. It reports the honest
// sessions' p99 keystroke-to-redraw beside the hostile clients as a ratio
// to their p99 alone (target ≤ 1.5), the server's peak resident set during
// the hostile phase (target ≤ 1 GB), the sessions that failed (could not
// connect or saw no redraw within 10 s), and the goroutines and open
// descriptors left over the baseline once every client is gone (target 0),
// and the cores the server used in each phase. The server runs with
// MemoryLimit, as follicle serve does.
// Each phase bounds its own time. FOLLICLE_LOAD_SESSIONS changes the 100.
// Run: go test -run '^$' -bench HostileLoad -benchtime 1x ./serve
func BenchmarkHostileLoad(b *testing.B) {
	honest := 100
	if n, err := strconv.Atoi(os.Getenv("FOLLICLE_LOAD_SESSIONS")); err == nil && n > 0 {
		honest = n
	}
	lib, err := store.LoadBundled(data.FS())
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	ix, _, err := index.OpenOrBuild(context.Background(), lib, index.Options{Home: filepath.Join(dir, "index"), Fingerprint: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	<-ix.Prepared()
	logs := &syncBuffer{}
	srv, err := New(Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "key"), Anonymous: true, MaxSessions: 150,
		// Every client is on 127.0.0.1 here, so the per-address cap is
		// raised to let the class in (TestSilentConnections tests it).
		MaxWaiting: 200, MaxWaitingPerAddr: 200,
		ConnPerSecond: 1000, ConnBurst: 1000, Searcher: ix, Library: lib, Logger: logTo(logs)})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if path := os.Getenv("FOLLICLE_BENCH_LOG"); path != "" {
			os.WriteFile(path, []byte(logs.String()), 0o600)
		}
	}()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(MemoryLimit)) // as follicle serve runs
	debug.FreeOSMemory()
	goroutines, fds := runtime.NumGoroutine(), openFDs()
	b.ResetTimer()
	cpu0, t0 := cpuTime(), time.Now()
	alone := runClients(b, addr, "honest", honest)
	cpuAlone := (cpuTime() - cpu0).Seconds() / time.Since(t0).Seconds()
	hostile := startClients(b, addr, "hostile", 20)
	time.Sleep(2 * time.Second) // the hostile clients are in
	peak := samplePeakRSS()
	cpu1, t1 := cpuTime(), time.Now()
	beside := runClients(b, addr, "honest", honest)
	cpuBeside := (cpuTime() - cpu1).Seconds() / time.Since(t1).Seconds()
	peakKB := peak()
	hostile.stop()
	b.StopTimer()
	deadline := time.Now().Add(30 * time.Second)
	for (runtime.NumGoroutine() > goroutines || openFDs() > fds) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	b.ReportMetric(p99(alone.Latencies), "p99-alone-ms")
	b.ReportMetric(p99(beside.Latencies), "p99-hostile-ms")
	b.ReportMetric(p99(beside.Latencies)/p99(alone.Latencies), "p99-ratio")
	b.ReportMetric(float64(peakKB)/1024, "server-peak-RSS-MB")
	b.ReportMetric(cpuAlone, "server-cores-alone")
	b.ReportMetric(cpuBeside, "server-cores-hostile")
	b.ReportMetric(float64(alone.Failed), "failed-alone")
	b.ReportMetric(float64(beside.Failed), "failed-hostile")
	b.ReportMetric(float64(runtime.NumGoroutine()-goroutines), "goroutines-left")
	b.ReportMetric(float64(openFDs()-fds), "fds-left")
	if path := os.Getenv("FOLLICLE_BENCH_STACKS"); path != "" {
		buf := make([]byte, 1<<20)
		os.WriteFile(path, buf[:runtime.Stack(buf, true)], 0o600)
	}
}

// clientReport is what a client process prints: honest sessions'
// latencies in milliseconds and how many sessions failed.
type clientReport struct {
	Latencies []float64
	Failed    int
	Err       string
}

type clientProcess struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   bytes.Buffer
}

// startClients runs n clients of a role in a child process. Hostile
// clients run at the lowest CPU priority (nice 19): a real attacker's
// clients decrypt and parse their frames on their own machine, not on the
// server's two cores.
func startClients(b *testing.B, addr, role string, n int) *clientProcess {
	args := []string{os.Args[0], "-test.run=^TestLoadClients$", "-test.count=1", "-test.timeout=5m"}
	if nice, err := exec.LookPath("nice"); err == nil && role == "hostile" {
		args = append([]string{nice, "-n", "19"}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "FOLLICLE_LOAD_ROLE="+role, "FOLLICLE_LOAD_ADDR="+addr, "FOLLICLE_LOAD_N="+strconv.Itoa(n))
	p := &clientProcess{cmd: cmd}
	cmd.Stdout, cmd.Stderr = &p.out, &p.out
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return p
}

// stop closes the clients' stdin, which ends them, and waits.
func (p *clientProcess) stop() {
	p.stdin.Close()
	p.cmd.Wait()
}

// runClients runs n honest sessions in a child process to the end.
func runClients(b *testing.B, addr, role string, n int) clientReport {
	p := startClients(b, addr, role, n)
	p.cmd.Wait()
	out := p.out.String()
	i := strings.Index(out, "REPORT ")
	if i < 0 {
		b.Fatalf("the client process printed no report:\n%s", out)
	}
	line, _, _ := strings.Cut(out[i+len("REPORT "):], "\n")
	var r clientReport
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		b.Fatal(err)
	}
	if len(r.Latencies) == 0 {
		b.Fatalf("no session succeeded: %s", r.Err)
	}
	return r
}

// TestLoadClients is the client side of BenchmarkHostileLoad, run in a
// child process; on its own it does nothing.
func TestLoadClients(t *testing.T) {
	role, addr := os.Getenv("FOLLICLE_LOAD_ROLE"), os.Getenv("FOLLICLE_LOAD_ADDR")
	n, _ := strconv.Atoi(os.Getenv("FOLLICLE_LOAD_N"))
	switch role {
	case "honest":
		r := honestRun(addr, n)
		b, _ := json.Marshal(r)
		fmt.Printf("REPORT %s\n", b)
	case "hostile":
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				switch {
				case i%3 == 0:
					hostileClient(addr, 10000, 10000, windowProbe, stop)
				case i%3 == 1:
					hostileClient(addr, 40, 120, guardProbes, stop)
				default:
					silentTCP(addr, stop)
				}
			}()
		}
		io.Copy(io.Discard, os.Stdin) // until the benchmark closes it
		close(stop)
		wg.Wait()
	default:
		t.Skip("the client process of BenchmarkHostileLoad")
	}
}

// honestRun runs n honest sessions at once, arriving over n×20 ms.
func honestRun(addr string, n int) clientReport {
	queries := []string{"/baricitinib", "\x15tofacitinib", "\x15alopecia", "\x15jak", "\x15minoxidil", "\x15scarring"}
	var mu sync.Mutex
	var r clientReport
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 20 * time.Millisecond)
			lat, _, _, err := oneSession(addr, queries)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				r.Failed++
				r.Err = cmp.Or(r.Err, err.Error())
				return
			}
			for _, l := range lat {
				r.Latencies = append(r.Latencies, float64(l.Microseconds())/1000)
			}
		}()
	}
	wg.Wait()
	return r
}

func p99(lat []float64) float64 {
	sorted := append([]float64(nil), lat...)
	sort.Float64s(sorted)
	return sorted[int(0.99*float64(len(sorted)-1))]
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
