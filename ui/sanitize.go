package ui

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// sanitize makes untrusted text (titles, abstracts, names from imported
// files) safe for the terminal: escape sequences and control characters are
// removed, tabs become spaces. Newlines are kept; callers that need one line
// flatten them.
func sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u200e', r == '\u200f', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return -1
		}
		return r
	}, s)
}

// isPlain reports whether s has nothing to strip, the common case, so the
// render path allocates nothing for it.
func isPlain(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u200e' || r == '\u200f' ||
			(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return false
		}
	}
	return true
}

// oneLine sanitizes s and joins its lines with spaces.
func oneLine(s string) string {
	return strings.ReplaceAll(sanitize(s), "\n", " ")
}
