package ui

import (
	"strings"

	"github.com/follicle/follicle/store"
)

// Links built from a paper's identifiers go into OSC 8 hyperlinks, the
// clipboard and the browser, so they are built only from values that pass
// validation, and every byte outside a small safe set is percent-encoded:
// no escape, BEL, control or quote character can end up inside an OSC
// sequence or a command line, whatever an imported file said.

// pubmedURL is the paper's PubMed page, or "" when its PMID is not one.
func pubmedURL(p *store.Paper) string {
	if !store.ValidPMID(p.PMID) {
		return ""
	}
	return "https://pubmed.ncbi.nlm.nih.gov/" + p.PMID + "/"
}

// doiURL is the DOI's resolver link, or "" when the value is not a DOI
// ("10.", a numeric registrant, "/", a suffix).
func doiURL(doi string) string {
	if !validDOI(doi) {
		return ""
	}
	return "https://doi.org/" + percentEncode(doi)
}

// validDOI checks the DOI's shape and that it holds no control, bidi or
// white-space character.
func validDOI(doi string) bool {
	prefix, suffix, ok := strings.Cut(doi, "/")
	if !ok || suffix == "" || len(doi) > 512 {
		return false
	}
	registrant, ok := strings.CutPrefix(prefix, "10.")
	if !ok || registrant == "" {
		return false
	}
	for _, c := range registrant {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	for _, r := range suffix {
		if r <= ' ' || r == 0x7f || !isPlain(string(r)) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

// percentEncode keeps the URL-safe ASCII a DOI uses and encodes every other
// byte as %XX.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~/:;()", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
