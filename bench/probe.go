package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/sys/unix"

	"github.com/follicle/follicle/data"
	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/ui"
)

// The probe is a second start of the app in a fresh process, so that its
// time to the first frame and its memory are not those of the process that
// generated the corpus and built the index. It opens the index the way
// `follicle` does (the lexicon only; papers come from the index's shelf),
// draws the explorer's first full frame at 120×40 with the opening search's
// results, then answers the query set 10,000 times as a session would.

// probeQueries is how many searches the probe runs before its last memory
// reading.
const probeQueries = 10000

// probeJob is what the probe is asked to do after its first frame: answer
// Requests probeQueries times (and report memory), and type Typing into
// the explorer (see typing.go). Either may be empty. Every field of
// index.Request is exported, so the job travels as JSON.
type probeJob struct {
	Requests []index.Request
	Typing   []string
	// Cold names the first frame "first-frame-cold": the caller dropped
	// the index's files from the page cache first.
	Cold bool
}

func requestsOf(qs []query) []index.Request {
	out := make([]index.Request, len(qs))
	for i, q := range qs {
		out[i] = followRequest(q)
	}
	return out
}

// runProbe starts this program again with -probe and returns its metrics.
func runProbe(home string, job probeJob, size int, note string) ([]metric, error) {
	qfile := filepath.Join(filepath.Dir(home), "probe-job.json")
	b, err := json.Marshal(job)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(qfile, b, 0o644); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command(self, "-probe", home, "-probe-job", qfile)
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("probe: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var out []metric
	sc := bufio.NewScanner(bytes.NewReader(outb))
	for sc.Scan() {
		var m metric
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("probe output %q: %w", sc.Text(), err)
		}
		m.Size, m.Note = size, note
		out = append(out, m)
	}
	return out, nil
}

// probeMain is the child: it prints one metric per line.
func probeMain(home, qfile string) error {
	var job probeJob
	b, err := os.ReadFile(qfile)
	if err == nil {
		err = json.Unmarshal(b, &job)
	}
	if err != nil || (len(job.Requests) > 0 && job.Requests[0].Text == "") {
		return fmt.Errorf("probe job %s: %d requests, %v", qfile, len(job.Requests), err)
	}
	start := time.Now()
	ix, frame, err := openAndDraw(home)
	if err != nil {
		return err
	}
	defer ix.Close()
	emitLine := func(name string, v float64, unit string) {
		b, _ := json.Marshal(metric{Engine: "follicle", Name: name, Value: v, Unit: unit})
		fmt.Println(string(b))
	}
	name := "first-frame"
	if job.Cold {
		name = "first-frame-cold"
	}
	emitLine(name, float64(time.Since(start).Microseconds())/1000, "ms")
	if want := strconv.Itoa(ix.Library().Len()); !strings.Contains(strings.ReplaceAll(frame, ",", ""), want) {
		return fmt.Errorf("the first frame does not show the %s papers:\n%s", want, frame)
	}
	<-ix.Prepared()
	if len(job.Requests) > 0 {
		if err := probeMemory(ix, job.Requests, emitLine); err != nil {
			return err
		}
	}
	if len(job.Typing) > 0 {
		return emitTyping(ix, job.Typing, func(_, name string, v float64, unit string, _ ...float64) { emitLine(name, v, unit) })
	}
	return nil
}

// openDeferred opens the index under home as the app's second start does:
// the lexicon only; papers come from the index's shelf.
func openDeferred(home string) (*index.Index, error) {
	entities, err := store.LoadLexicon(data.FS())
	if err != nil {
		return nil, err
	}
	lib, err := store.NewDeferred(entities, func() (*store.Library, error) {
		return nil, errors.New("the benchmark found no current index to open")
	})
	if err != nil {
		return nil, err
	}
	ix, rebuilt, err := index.OpenOrBuild(context.Background(), lib, index.Options{Home: home, Fingerprint: "bench"})
	if err != nil || rebuilt {
		return nil, fmt.Errorf("open %s: rebuilt %v: %w", home, rebuilt, err)
	}
	return ix, nil
}

// openAndDraw opens the index under home (openDeferred) and draws the
// explorer's first full frame.
func openAndDraw(home string) (*index.Index, string, error) {
	ix, err := openDeferred(home)
	if err != nil {
		return nil, "", err
	}
	frame, err := firstFrame(ui.New(ui.Config{Searcher: ix, Library: ix.Library()}))
	if err != nil {
		ix.Close()
		return nil, "", err
	}
	return ix, frame, nil
}

// dropFromPageCache asks the kernel to forget the cached pages of every
// file under dir (they must not be mapped by a live process), so the next
// open reads them from the disk, as after a reboot.
func dropFromPageCache(dir string) error {
	return filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil {
			return err
		}
		return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
	})
}

// probeMemory reads resident memory idle and after probeQueries searches.
func probeMemory(ix *index.Index, reqs []index.Request, emitLine func(string, float64, string)) error {
	time.Sleep(2 * time.Second) // let the background document map finish
	runtime.GC()
	emitLine("rss-idle", rssMB("VmRSS"), "MB")
	for i := range probeQueries {
		if _, err := ix.Search(context.Background(), reqs[i%len(reqs)]); err != nil && !errors.Is(err, index.ErrTooBroad) {
			return fmt.Errorf("probe query %q: %w", reqs[i%len(reqs)].Text, err)
		}
	}
	emitLine("rss-after-10k-queries", rssMB("VmRSS"), "MB")
	// Resident memory counts the pages of Bleve's memory-mapped segments a
	// search has touched; those are the kernel's page cache, shared and
	// dropped under pressure. The process's own memory is the anonymous part.
	emitLine("rss-anon-after-10k-queries", rssMB("RssAnon"), "MB")
	emitLine("rss-file-after-10k-queries", rssMB("RssFile"), "MB")
	emitLine("rss-peak-serving", rssMB("VmHWM"), "MB")
	return nil
}

// firstFrame runs the model's start-up commands (the opening search among
// them) as Bubble Tea would, feeds their messages back, and renders.
func firstFrame(m tea.Model) (string, error) {
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	pending := []tea.Cmd{m.Init()}
	for len(pending) > 0 {
		cmd := pending[0]
		pending = pending[1:]
		if cmd == nil {
			continue
		}
		switch msg := cmd().(type) {
		case tea.BatchMsg:
			pending = append(pending, msg...)
		case nil:
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			_ = next // later commands (timers, colour queries) are not part of the first frame
		}
	}
	out := m.View().Content
	if out == "" {
		return "", errors.New("empty first frame")
	}
	return out, nil
}

// resetPeakRSS starts this process's peak resident memory (VmHWM) over
// from its current size, so a later reading is the peak of what ran since.
func resetPeakRSS() {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// rssMB reads a memory figure of this process from /proc, in MB.
func rssMB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return -1
}
