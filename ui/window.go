package ui

// MaxWidth and MaxHeight bound the size the explorer renders at, whatever
// the terminal declares. A frame costs memory in proportion to its cells
// (Bubble Tea's screen buffer and the rendered view): an SSH client that
// declared 10000×10000 took a server to gigabytes. 500×200 is wider and
// taller than a 4K screen full of 8-pixel text; a larger window shows the
// explorer in its top-left corner.
const (
	MaxWidth  = 500
	MaxHeight = 200
)

// ClampSize returns the size to render at for a terminal of w×h cells.
func ClampSize(w, h int) (int, int) {
	return min(max(w, 0), MaxWidth), min(max(h, 0), MaxHeight)
}
