package index

import (
	"regexp"
	"strings"
)

// Identifiers as users paste them: from a reference list, a PubMed page, a
// browser's address bar. Each jumps to its paper instead of being searched
// as words (a DOI's words match nothing; a URL read as field:value was an
// error).
var (
	// doiPattern finds a DOI, alone or inside a doi: prefix or a
	// doi.org URL.
	doiPattern = regexp.MustCompile(`(?i)^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$`)
	// pubmedURL is a PubMed page's address.
	pubmedURL = regexp.MustCompile(`(?i)^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d{1,9})/?(?:[?#]\S*)?$`)
	// pmcID is a PubMed Central ID, alone or in a PMC page's address.
	pmcID = regexp.MustCompile(`(?i)^(?:https?://(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc|pmc\.ncbi\.nlm\.nih\.gov)/articles/)?(PMC\d{1,9})/?(?:[?#]\S*)?$`)
	// pmidList is a query of PMIDs only, as copied from a reference
	// manager or a spreadsheet column: numbers of five to nine digits
	// (shorter numbers are years, doses, counts).
	pmidList = regexp.MustCompile(`^\s*\d{5,9}(?:[\s,;]+\d{5,9})*[\s,;]*$`)
)

// fieldPMCID is the pseudo-field of a PMC ID, which Follicle cannot look up.
const fieldPMCID = "pmcid"

// identifier reads word as a pasted identifier: the field to match and the
// value, or ok false.
func identifier(word string) (field, value string, ok bool) {
	if m := pubmedURL.FindStringSubmatch(word); m != nil {
		return FieldPMID, m[1], true
	}
	if m := doiPattern.FindStringSubmatch(word); m != nil {
		return FieldDOI, strings.ToLower(strings.TrimRight(m[1], ".,;")), true
	}
	if m := pmcID.FindStringSubmatch(word); m != nil {
		return fieldPMCID, strings.ToUpper(m[1]), true
	}
	return "", "", false
}

// mayHoldDOI is whether a word being lexed could be a DOI or a URL, which
// keep their brackets: 10.1016/S0140-6736(20)30183-5.
func mayHoldDOI(word string) bool {
	return strings.Contains(word, "10.") && strings.Contains(word, "/")
}
