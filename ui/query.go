package ui

// setQuery replaces the query and puts the cursor at its end, so that what
// the user types next is added after it, not inside it (the text input
// keeps its cursor position on SetValue).
func (m *Model) setQuery(q string) {
	m.input.SetValue(q)
	m.input.CursorEnd()
}
