package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// The regression gate judges the code, not the machine. A figure that has a
// reference measured beside it in the same run (Bleve's own search path over
// the same index, query by query; Bleve building the same papers before and
// after Follicle's build; the same throughput run on Bleve's path in
// alternating slices) is gated on its ratio to that reference, which a
// uniformly slower or busier machine leaves where it was. Sizes and memory
// do not depend on the machine's speed and are gated as they are. Figures
// that measure the disk, the page cache or a fresh process (open, cold and
// warm first frames, background preparation, typing through the frame
// clock) are reported, not gated.
const (
	// medianLimit bounds a median or a rate: a change that makes search
	// twice as slow must fail, so the limit sits well below 2.
	medianLimit = 1.5
	// tailLimit bounds a p90, which scheduling delays on a shared machine
	// move further than they move a median. (p99s and maxima are reported,
	// not gated: of 100 runs they are one or two such delays.)
	tailLimit = 2.0
	// sizeLimit bounds sizes and memory, gated as absolute figures.
	sizeLimit = 2.0
	// noiseShare: a time regresses only when its excess over what the
	// baseline ratio predicts is also at least this share of the reference's
	// own time. Scheduling delays on a busy machine add about the same
	// milliseconds to both paths, which is a larger share of the faster one;
	// a real regression of a figure that is a tenth of the reference's is
	// still caught by the classes where Follicle's share is larger.
	noiseShare = 0.15
)

// gateLine is one line of the committed baseline: a ratio to the same run's
// reference, or an absolute size.
type gateLine struct {
	Name  string  `json:"name"`
	Unit  string  `json:"unit"`
	Size  int     `json:"size"`
	Ratio float64 `json:"ratio,omitempty"` // Follicle / reference, same run
	Value float64 `json:"value,omitempty"` // absolute: sizes and memory only
}

// absoluteUnits are the units gated as they are: they measure bytes, which
// a slower machine does not change.
var absoluteUnits = map[string]bool{"bytes/doc": true, "MB": true}

// rateUnits are the units where more is better.
var rateUnits = map[string]bool{"docs/s": true, "MB/s": true, "queries/s": true}

// gateOf turns a measured figure into what the baseline keeps, or false for
// a figure that is only reported.
func gateOf(m metric) (gateLine, bool) {
	if m.Engine != "follicle" {
		return gateLine{}, false
	}
	g := gateLine{Name: m.Name, Unit: m.Unit, Size: m.Size}
	switch {
	case m.Ref > 0 && m.Value > 0:
		g.Ratio = m.Value / m.Ref
		return g, true
	case absoluteUnits[m.Unit] && m.Value > 0:
		g.Value = m.Value
		return g, true
	}
	return gateLine{}, false
}

// saveBaseline writes the gated figures of ms, one JSON object per line,
// sorted by name so that a refreshed baseline diffs line by line.
func saveBaseline(path string, ms []metric) error {
	var lines []gateLine
	for _, m := range ms {
		if g, ok := gateOf(m); ok {
			lines = append(lines, g)
		}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].Name < lines[j].Name })
	var b strings.Builder
	enc := json.NewEncoder(&b)
	for _, g := range lines {
		if err := enc.Encode(g); err != nil {
			return err
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	fmt.Printf("wrote %d gated figures to %s\n", len(lines), path)
	return nil
}

// readBaseline reads a baseline written by saveBaseline.
func readBaseline(path string) (map[string]gateLine, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	base := map[string]gateLine{}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	for dec.More() {
		var g gateLine
		if err := dec.Decode(&g); err != nil {
			return nil, fmt.Errorf("baseline %s: %w", path, err)
		}
		if g.Ratio <= 0 && (g.Value <= 0 || !absoluteUnits[g.Unit]) {
			return nil, fmt.Errorf("baseline %s: %s is neither a ratio nor a size (written by an older bench? refresh it with -write-baseline)", path, g.Name)
		}
		base[g.Name] = g
	}
	return base, nil
}

// checkBaseline compares this run's figures with the baseline at path and
// lists every regression in one error. Every gated figure of the baseline
// must be measured again: a figure that silently disappeared would be a
// gate that can no longer fail.
func checkBaseline(path string, ms []metric) error {
	base, err := readBaseline(path)
	if err != nil {
		return err
	}
	jitter := map[string]float64{}
	for _, m := range ms {
		if m.Engine == "machine" {
			jitter[strings.TrimPrefix(m.Name, jitterClass)] = m.Value
		}
	}
	seen := map[string]bool{}
	var bad []string
	for _, m := range ms {
		old, ok := base[m.Name]
		if !ok || m.Engine != "follicle" {
			continue
		}
		if old.Size != m.Size {
			return fmt.Errorf("baseline %s is for %d papers, this run has %d", path, old.Size, m.Size)
		}
		seen[m.Name] = true
		if why := regression(old, m, jitter); why != "" {
			bad = append(bad, why)
		}
	}
	for name := range base {
		if !seen[name] {
			bad = append(bad, name+" was not measured")
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		return fmt.Errorf("%d figures regressed against %s (ratios to the reference measured in this run): %s", len(bad), path, strings.Join(bad, "; "))
	}
	fmt.Printf("no regression against %s: %d figures (limits: medians and rates %.1fx, p90s %.1fx, sizes %.1fx)\n", path, len(base), medianLimit, tailLimit, sizeLimit)
	return nil
}

// regression explains how m is worse than old beyond its limit, or is "".
// jitter holds the machine's scheduling delay measured in the same run at
// the p50 and the p90 (keys "-p50", "-p90"): a latency's excess must exceed
// it too, since such a delay adds the same milliseconds to a search of
// either path and so weighs more on the faster one.
func regression(old gateLine, m metric, jitter map[string]float64) string {
	limit := medianLimit
	if isTail(m.Name) {
		limit = tailLimit
	}
	switch {
	case old.Value > 0:
		if m.Value > old.Value*sizeLimit {
			return fmt.Sprintf("%s %.1f %s (baseline %.1f)", m.Name, m.Value, m.Unit, old.Value)
		}
	case m.Ref <= 0:
		return m.Name + " has no reference in this run"
	case rateUnits[m.Unit]:
		if ratio := m.Value / m.Ref; ratio*limit < old.Ratio {
			return fmt.Sprintf("%s %.3gx the reference (baseline %.3gx)", m.Name, ratio, old.Ratio)
		}
	default:
		predicted := old.Ratio * m.Ref
		allowed := max(noiseShare*m.Ref, 1.5*jitter[quantileSuffix(m.Name)])
		if m.Value > predicted*limit && m.Value-predicted > allowed {
			return fmt.Sprintf("%s %.3gx the reference (baseline %.3gx; %.2f %s against %.2f predicted)", m.Name, m.Value/m.Ref, old.Ratio, m.Value, m.Unit, predicted)
		}
	}
	return ""
}

// quantileSuffix is the "-p50" or "-p90" a latency's name ends with.
func quantileSuffix(name string) string {
	if i := strings.LastIndex(name, "-"); i >= 0 {
		return name[i:]
	}
	return ""
}

// isTail says whether a figure is a tail (p90) rather than a median.
func isTail(name string) bool {
	return strings.HasSuffix(name, "-p90")
}
