package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cpuTicks is the user plus system time a process has used, in clock ticks
// (1/100 s on Linux), from /proc/PID/stat.
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatalf("read the explorer's CPU time: %v", err)
	}
	// The command name (field 2) may hold spaces; the fields after it do not.
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	utime, _ := strconv.Atoi(fields[11])
	stime, _ := strconv.Atoi(fields[12])
	return utime + stime
}

// TestIdleExplorerUsesNoCPU runs the real explorer in tmux, lets it settle,
// and measures its CPU time over 5 s with nothing to draw. Nothing in Follicle
// ticks at rest (no blinking cursor, no polling); what remains is Bubble
// Tea's frame timer at 120 frames a second, which checks for a changed frame
// and writes nothing (about 1% of a core, 5 ticks in 5 s, on the machine it
// was measured on). The bound is generous, so a slow machine passes; a
// redraw at rest or a busy loop does not.
func TestIdleExplorerUsesNoCPU(t *testing.T) {
	requireTmux(t)
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	home := t.TempDir()
	s := startTmux(t, 120, 40, fmt.Sprintf("exec %s --home %s", binary, home))
	s.waitText("sort: relevance")
	s.keys("/")
	s.text("minoxidil")
	s.keys("Enter")
	s.waitText("minoxidil", "1/")
	pid, err := strconv.Atoi(strings.TrimSpace(s.run("display-message", "-p", "-t", s.name, "#{pane_pid}")))
	if err != nil {
		t.Fatalf("pane pid: %v", err)
	}
	time.Sleep(500 * time.Millisecond) // the last frame and the read timer
	before := cpuTicks(t, pid)
	time.Sleep(5 * time.Second)
	used := cpuTicks(t, pid) - before
	t.Logf("idle explorer: %d clock ticks in 5 s", used)
	if used > 25 {
		t.Fatalf("the idle explorer used %d clock ticks (%.0f%% of a core) in 5 s with nothing to draw", used, float64(used)/5)
	}
}
