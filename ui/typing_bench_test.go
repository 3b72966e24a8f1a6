package ui

import (
	"bytes"
	"context"
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
)

// slowSearcher answers like the real index but only after delay, as a large
// library's search would: the typed character must not wait for it.
type slowSearcher struct {
	inner Searcher
	delay time.Duration
}

func (s slowSearcher) Search(ctx context.Context, r index.Request) (index.Result, error) {
	select {
	case <-time.After(s.delay):
		return s.inner.Search(ctx, r)
	case <-ctx.Done():
		return index.Result{}, ctx.Err()
	}
}

// frameLog records what the program writes and when.
type frameLog struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes []time.Time
	ends   []int
}

func (l *frameLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	l.writes = append(l.writes, time.Now())
	l.ends = append(l.ends, l.buf.Len())
	return len(p), nil
}

// since returns the output written after offset and the time of the first
// write after offset that contains want.
func (l *frameLog) since(offset int, want byte) (int, time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := offset
	for i, end := range l.ends {
		if end <= offset {
			continue
		}
		if bytes.IndexByte(l.buf.Bytes()[start:end], want) >= 0 {
			return l.buf.Len(), l.writes[i], true
		}
		start = end
	}
	return l.buf.Len(), time.Time{}, false
}

func (l *frameLog) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Len()
}

// BenchmarkTypingEcho drives the real Bubble Tea program through a pipe, as
// a terminal does, while every search hangs for 10 s (it is cancelled by
// the next keystroke). It measures the time from writing a key to the first
// frame that shows it, and the bytes written per keystroke: the event loop
// never waits for a search, so the echo must come within a frame at the
// explorer's frame rate (LocalFPS)
// whatever the search is doing. With no result ever arriving, every frame
// after a key is that key's echo.
func BenchmarkTypingEcho(b *testing.B) {
	f := newFakeB(b)
	in, keys := io.Pipe()
	out := &frameLog{}
	m := New(Config{Searcher: slowSearcher{inner: f, delay: 10 * time.Second}, Library: f.ix.Library()})
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithWindowSize(120, 40),
		tea.WithoutSignalHandler(), tea.WithFPS(LocalFPS))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	defer func() {
		p.Quit()
		keys.Close()
		<-done
	}()
	waitOutput(b, out, 0)
	keys.Write([]byte("/"))
	time.Sleep(50 * time.Millisecond)
	var echoes []time.Duration
	written, typed := out.size(), 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := byte('a' + i%26)
		if i%13 == 12 {
			keys.Write([]byte{0x15}) // ctrl+u clears the box, as before a new query
			time.Sleep(20 * time.Millisecond)
			written = out.size()
		}
		t0 := time.Now()
		keys.Write([]byte{c})
		typed++
		for deadline := t0.Add(2 * time.Second); ; {
			if _, at, ok := out.since(written, c); ok {
				echoes = append(echoes, at.Sub(t0))
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("the typed %q never showed", c)
			}
			time.Sleep(200 * time.Microsecond)
		}
		time.Sleep(20 * time.Millisecond) // a fast typist's pace, with searches in flight
		written = out.size()
	}
	b.StopTimer()
	sort.Slice(echoes, func(i, j int) bool { return echoes[i] < echoes[j] })
	ms := func(q float64) float64 { return float64(echoes[int(q*float64(len(echoes)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "echo-p50-ms")
	b.ReportMetric(ms(0.99), "echo-p99-ms")
	b.ReportMetric(float64(out.size())/float64(typed), "bytes/keystroke")
}

func waitOutput(b *testing.B, out *frameLog, offset int) {
	b.Helper()
	for deadline := time.Now().Add(5 * time.Second); out.size() <= offset; {
		if time.Now().After(deadline) {
			b.Fatal("the program wrote no first frame")
		}
		time.Sleep(time.Millisecond)
	}
}
