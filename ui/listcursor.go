package ui

// listCursor is the selection and scroll position of a list whose items are
// all the same height. It keeps the selected item visible.
type listCursor struct {
	pos    int // selected item
	offset int // first visible item
}

// clamp keeps the cursor inside n items with visible rows on screen.
func (c listCursor) clamp(n, visible int) listCursor {
	visible = max(1, visible)
	if n == 0 {
		return listCursor{}
	}
	c.pos = min(max(c.pos, 0), n-1)
	if c.pos < c.offset {
		c.offset = c.pos
	}
	if c.pos >= c.offset+visible {
		c.offset = c.pos - visible + 1
	}
	c.offset = min(max(c.offset, 0), max(0, n-visible))
	return c
}

// move shifts the selection by delta items.
func (c listCursor) move(delta, n, visible int) listCursor {
	c.pos += delta
	return c.clamp(n, visible)
}

// scroll shifts the view by delta items, dragging the selection along only
// when it would leave the screen (mouse wheel behaviour).
func (c listCursor) scroll(delta, n, visible int) listCursor {
	visible = max(1, visible)
	c.offset = min(max(c.offset+delta, 0), max(0, n-visible))
	if c.pos < c.offset {
		c.pos = c.offset
	}
	if c.pos >= c.offset+visible {
		c.pos = c.offset + visible - 1
	}
	return c.clamp(n, visible)
}

// navigate applies the list movement keys (up/down, top/bottom, half pages)
// and reports whether msg was one of them.
func (c listCursor) navigate(k KeyMap, msg fmtStringer, n, visible int) (listCursor, bool) {
	switch {
	case keyMatches(msg, k.Up):
		return c.move(-1, n, visible), true
	case keyMatches(msg, k.Down):
		return c.move(1, n, visible), true
	case keyMatches(msg, k.Top):
		return c.move(-n, n, visible), true
	case keyMatches(msg, k.Bottom):
		return c.move(n, n, visible), true
	case keyMatches(msg, k.HalfUp):
		return c.move(-max(1, visible/2), n, visible), true
	case keyMatches(msg, k.HalfDown):
		return c.move(max(1, visible/2), n, visible), true
	}
	return c, false
}
