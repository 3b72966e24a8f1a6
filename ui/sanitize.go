package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/follicle/follicle/store"
)

// sanitize makes untrusted text (titles, abstracts, names from imported
// files) safe for the terminal: escape sequences are removed whole (ESC or
// C1 introduced, with their payload: an OSC title or clipboard write leaves
// nothing behind), control and bidi characters are removed, tabs become
// spaces. Newlines are kept; callers that need one line flatten them.
func sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	return store.StripTerminal(s)
}

// isPlain reports whether s has nothing to strip, the common case, so the
// render path allocates nothing for it.
func isPlain(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 && r != '\n' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u200e' || r == '\u200f' ||
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
