package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Regression limits: a figure more than maxRatio times worse than the
// committed baseline fails, unless a latency moved by less than minMillis,
// where scheduling noise on a shared CI machine dominates.
const (
	maxRatio  = 2.0
	minMillis = 5.0
)

// gated says whether a figure belongs in the baseline: not the cold open,
// which measures the CI machine's disk more than Follicle.
func gated(m metric) bool {
	return m.Engine == "follicle" && !strings.HasSuffix(m.Name, "-cold")
}

// saveBaseline writes Follicle's gated figures, one JSON object per line.
func saveBaseline(path string, ms []metric) error {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	for _, m := range ms {
		if gated(m) {
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	return nil
}

// checkBaseline compares Follicle's figures with the baseline at path and
// lists every regression in one error.
func checkBaseline(path string, ms []metric) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read baseline: %w", err)
	}
	base := map[string]metric{}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	for dec.More() {
		var m metric
		if err := dec.Decode(&m); err != nil {
			return fmt.Errorf("baseline %s: %w", path, err)
		}
		base[m.Name] = m
	}
	var bad []string
	for _, m := range ms {
		old, ok := base[m.Name]
		if !gated(m) || !ok {
			continue
		}
		if old.Size != m.Size {
			return fmt.Errorf("baseline %s is for %d papers, this run has %d", path, old.Size, m.Size)
		}
		if regressed(old, m) {
			bad = append(bad, fmt.Sprintf("%s %.2f %s (baseline %.2f)", m.Name, m.Value, m.Unit, old.Value))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("more than %.0fx slower or larger than %s: %s", maxRatio, path, strings.Join(bad, "; "))
	}
	fmt.Printf("no regression beyond %.0fx against %s (%d figures)\n", maxRatio, path, len(base))
	return nil
}

// regressed says whether m is worse than old beyond the limits: a rate
// (docs/s, queries/s) that fell, or a time or size that grew.
func regressed(old, m metric) bool {
	switch m.Unit {
	case "docs/s", "queries/s", "MB/s":
		return m.Value*maxRatio < old.Value
	case "ms":
		return m.Value > old.Value*maxRatio && m.Value-old.Value > minMillis
	default:
		return m.Value > old.Value*maxRatio
	}
}
