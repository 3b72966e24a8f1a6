package ui

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Placeholders that ansi.Wrap does not break at, swapped in before wrapping
// and back out after: a non-breaking space (which Wrap honours) and a
// non-breaking hyphen (Wrap breaks after every "-").
const (
	nbsp       = "\u00a0"
	nbHyphen   = "\u2011"
	nbspRune   = '\u00a0'
	nbHyphenRn = '\u2011'
)

var (
	// numberUnit is a number and the unit after it ("4 mg", "24 weeks"),
	// which must stay on one line.
	numberUnit = regexp.MustCompile(`(\d) ((?:mg|mcg|µg|μg|g|kg|mL|ml|L|IU|mm|cm|nm|%|h|hours?|days?|weeks?|months?|years?|patients?|participants?|subjects?|men|women)\b)`)
	// urlLike is a web address or a DOI, which breaks only where it must.
	urlLike = regexp.MustCompile(`(?:https?://|doi\.org/|10\.\d{4,}/)[^\s\x1b]+`)
)

// wrapProse wraps styled text to w cells like ansi.Wrap, but keeps a number
// with its unit and does not break a web address or a DOI at its hyphens (a
// part longer than a line is still cut, as it must be).
func wrapProse(s string, w int) []string {
	s = numberUnit.ReplaceAllString(s, "$1"+nbsp+"$2")
	s = urlLike.ReplaceAllStringFunc(s, func(u string) string { return strings.ReplaceAll(u, "-", nbHyphen) })
	wrapped := ansi.Wrap(s, w, "")
	wrapped = strings.Map(func(r rune) rune {
		switch r {
		case nbspRune:
			return ' '
		case nbHyphenRn:
			return '-'
		}
		return r
	}, wrapped)
	return strings.Split(wrapped, "\n")
}
