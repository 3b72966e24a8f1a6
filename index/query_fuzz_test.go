package index

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// maxFuzzQuery is the longest query the fuzz target tries: ten times the
// longest one a search accepts, so the parser's own cost stays bounded
// whatever reaches it.
const maxFuzzQuery = 10000

var queryFuzzSeeds = []string{
	"", "minoxidil", "JAK inhibitors alopecia areata", `"hair loss" OR alopecia -foam`, "((", "a~9", `title:"unterminated`,
	"year:>=2020 ritlecitinib", `drug:"JAK inhibitor" condition:AA`, "(alopecia[tiab] OR baldness[tiab]) AND 2019:2024[dp]",
	"hair loss[tiab] NOT review[pt]", "alopecia, androgenetic[mh:noexp]", "smith j[au]", "-tag:exam note:methods", "minox*",
	"/re/", "x AND AND y", "[tiab]", "a[", `"`, "title:(a OR b)", "+ - ~ * ? : [ ] ( )", "NOT NOT a", "year:2024..2019",
	"10.1080/1744666X.2023.2200166", "https://pubmed.ncbi.nlm.nih.gov/37042112/", "PMID: 37042112",
}

// checkParse parses text both ways a search does and fails on a panic
// (the fuzz engine reports it) or on an error that is not a one-line
// syntax error with a column inside the text.
func checkParse(t *testing.T, env queryEnv, text string) {
	if len(text) > maxFuzzQuery || !utf8.ValidString(text) {
		return
	}
	for _, prefix := range []bool{false, true} {
		_, err := planText(text, prefix, env)
		if err == nil {
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%q: %T %v, want a SyntaxError", text, err, err)
		}
		if se.Column < 1 || se.Column > utf8.RuneCountInString(text)+1 || strings.ContainsAny(se.Msg, "\n\r") {
			t.Fatalf("%q: column %d, message %q", text, se.Column, se.Msg)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range queryFuzzSeeds {
		f.Add(s)
	}
	env := defaultEnv()
	f.Fuzz(func(t *testing.T, text string) { checkParse(t, env, text) })
}

// TestParseLongQueries: queries of the fuzz target's full length, in the
// shapes that cost a parser most (deep brackets, long word runs, many
// tags, operators only), parse or fail cleanly.
func TestParseLongQueries(t *testing.T) {
	env := defaultEnv()
	for _, text := range []string{
		strings.Repeat("(", maxFuzzQuery),
		strings.Repeat("(a ", maxFuzzQuery/3),
		strings.Repeat("hair ", maxFuzzQuery/5),
		strings.Repeat("hair ", maxFuzzQuery/5-2) + "[tiab]",
		strings.Repeat("a[ti] OR ", maxFuzzQuery/9),
		strings.Repeat("NOT ", maxFuzzQuery/4),
		strings.Repeat(`"`, maxFuzzQuery),
		strings.Repeat("a~", maxFuzzQuery/2),
	} {
		checkParse(t, env, text)
	}
}
