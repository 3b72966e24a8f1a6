package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenViews pins the full screen, colours included, at the two sizes
// the house style names, in dark and light terminals. Run with -update after
// an intended change and review the diff.
func TestGoldenViews(t *testing.T) {
	sizes := [][2]int{{80, 24}, {120, 40}}
	scenes := []struct {
		name  string
		build func(t *testing.T, m Model) Model
	}{
		{"opening", func(t *testing.T, m Model) Model { return m }},
		{"typed_query_with_filter", func(t *testing.T, m Model) Model {
			m = send(t, m, press("tab"))
			m = send(t, m, press("enter"))
			m = send(t, m, press("/"))
			return typeText(t, m, "barici")
		}},
		{"reader", func(t *testing.T, m Model) Model {
			m = send(t, m, press("/"))
			m = typeText(t, m, "minoxidil")
			m = send(t, m, press("enter"))
			return send(t, m, press("enter"))
		}},
		{"help", func(t *testing.T, m Model) Model { return send(t, m, press("?")) }},
		{"compact", func(t *testing.T, m Model) Model {
			m = send(t, m, press("c"))
			return send(t, m, press("j"))
		}},
	}
	for _, dark := range []bool{true, false} {
		for _, sz := range sizes {
			for _, sc := range scenes {
				name := fmt.Sprintf("%s_%dx%d_%s", sc.name, sz[0], sz[1], map[bool]string{true: "dark", false: "light"}[dark])
				t.Run(name, func(t *testing.T) {
					f := newFake(t)
					m := newTestModel(t, f, sz[0], sz[1])
					m = send(t, m, background(dark))
					m = sc.build(t, m)
					golden.RequireEqual(t, []byte(m.View().Content))
				})
			}
		}
	}
}
