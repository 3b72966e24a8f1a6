package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gateRun is a small set of figures as one benchmark run reports them.
func gateRun(scale, ownSlowdown float64) []metric {
	return []metric{
		{Engine: "follicle", Name: "or-p50", Value: 0.9 * scale * ownSlowdown, Ref: 6 * scale, Unit: "ms", Size: 100},
		{Engine: "follicle", Name: "or-filtered-p50", Value: 0.7 * scale * ownSlowdown, Ref: 0.8 * scale, Unit: "ms", Size: 100},
		{Engine: "follicle", Name: "or-p90", Value: 4 * scale * ownSlowdown, Ref: 30 * scale, Unit: "ms", Size: 100},
		{Engine: "follicle", Name: "everything-p50", Value: 0.002 * scale * ownSlowdown, Ref: 100 * scale, Unit: "ms", Size: 100},
		{Engine: "follicle", Name: "qps-1-searchers", Value: 500 / scale / ownSlowdown, Ref: 80 / scale, Unit: "queries/s", Size: 100},
		{Engine: "follicle", Name: "build", Value: 3000 / scale / ownSlowdown, Ref: 2000 / scale, Unit: "docs/s", Size: 100},
		{Engine: "follicle", Name: "index-size", Value: 3200, Unit: "bytes/doc", Size: 100},
		{Engine: "follicle", Name: "first-frame", Value: 8 * scale, Unit: "ms", Size: 100},
		{Engine: referenceEngine, Name: "or-p50", Value: 6 * scale, Unit: "ms", Size: 100},
	}
}

func TestGate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "baseline.jsonl")
	if err := saveBaseline(path, gateRun(1, 1)); err != nil {
		t.Fatal(err)
	}
	base, err := readBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(base) != 7 {
		t.Fatalf("baseline keeps %d figures, want the 7 with a reference or a size (not first-frame, not the reference's own)", len(base))
	}
	tests := []struct {
		name      string
		run       []metric
		wantFail  []string // figures the error must name; nil: passes
		wantNotIn []string
	}{
		{name: "same run", run: gateRun(1, 1)},
		{name: "machine three times slower", run: gateRun(3, 1)},
		{name: "machine twice as fast", run: gateRun(0.5, 1)},
		{name: "follicle 1.3x slower: within the limits", run: gateRun(1, 1.3)},
		{name: "follicle twice as slow", run: gateRun(1, 2),
			wantFail:  []string{"or-filtered-p50", "qps-1-searchers", "build"},
			wantNotIn: []string{"everything-p50", "index-size"}},
		{name: "follicle twice as slow on a slow machine", run: gateRun(2.5, 2),
			wantFail: []string{"or-filtered-p50", "qps-1-searchers", "build"}},
		{name: "scheduling delays on a busy machine", run: append(withValue(gateRun(1, 1), "or-p90", 4+5),
			metric{Engine: "machine", Name: "jitter-p90", Value: 4, Unit: "ms", Size: 100})},
		{name: "the same delay on a quiet machine", run: append(withValue(gateRun(1, 1), "or-p90", 4+5),
			metric{Engine: "machine", Name: "jitter-p90", Value: 0.05, Unit: "ms", Size: 100}), wantFail: []string{"or-p90"}},
		{name: "index twice as large", run: withValue(gateRun(1, 1), "index-size", 7000), wantFail: []string{"index-size"}},
		{name: "a gated figure no longer measured", run: gateRun(1, 1)[1:], wantFail: []string{"or-p50 was not measured"}},
		{name: "a figure lost its reference", run: withRef(gateRun(1, 1), "or-p50", 0), wantFail: []string{"or-p50 has no reference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkBaseline(path, tt.run)
			if tt.wantFail == nil {
				if err != nil {
					t.Fatalf("gate failed: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("gate passed; want it to name %v", tt.wantFail)
			}
			for _, name := range tt.wantFail {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error does not name %s: %v", name, err)
				}
			}
			for _, name := range tt.wantNotIn {
				if strings.Contains(err.Error(), name) {
					t.Errorf("error names %s, which did not regress beyond its noise floor: %v", name, err)
				}
			}
		})
	}
}

func TestGateRefusesOldBaseline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.jsonl")
	old := `{"engine":"follicle","name":"build","value":2610.9,"unit":"docs/s","size":20000}` + "\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readBaseline(path); err == nil || !strings.Contains(err.Error(), "-write-baseline") {
		t.Fatalf("an absolute-figure baseline was accepted or the error gives no way out: %v", err)
	}
}

func withValue(ms []metric, name string, v float64) []metric {
	for i := range ms {
		if ms[i].Name == name && ms[i].Engine == "follicle" {
			ms[i].Value = v
		}
	}
	return ms
}

func withRef(ms []metric, name string, ref float64) []metric {
	for i := range ms {
		if ms[i].Name == name && ms[i].Engine == "follicle" {
			ms[i].Ref = ref
		}
	}
	return ms
}
