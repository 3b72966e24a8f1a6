package ui

// MaxWidth and MaxHeight bound the size the explorer renders at, whatever
// the terminal declares. A frame costs memory in proportion to its cells
// (Bubble Tea's screen buffer and the rendered view): an SSH client that
// declared 10000×10000 took a server to gigabytes, and every frame's cost
// in CPU grows the same way (a shared server's other users wait for it).
// 300×100 is more than a 27-inch screen shows in 11-point text; a larger
// window shows the explorer in its top-left corner.
const (
	MaxWidth  = 300
	MaxHeight = 100
)

// ClampSize returns the size to render at for a terminal of w×h cells.
func ClampSize(w, h int) (int, int) {
	return min(max(w, 0), MaxWidth), min(max(h, 0), MaxHeight)
}
