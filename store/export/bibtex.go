package export

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/follicle/follicle/store"
)

// writeBibTeX writes @article entries with unique, ASCII citation keys
// (first author + year + first title word) and LaTeX specials escaped. The
// user's tags join the keywords; the user's note and the digest go in
// annote, which citation managers keep as a note and reference lists do
// not print (note would be printed).
func writeBibTeX(w io.Writer, items []Item) error {
	ew := &errWriter{w: w}
	used := map[string]int{}
	for _, it := range items {
		p := it.Paper
		key := uniqueKey(bibKey(p), used)
		ew.printf("@article{%s,\n", key)
		field := func(name, value string) {
			if value != "" {
				ew.printf("  %s = {%s},\n", name, value)
			}
		}
		field("author", bibAuthors(p))
		field("title", "{"+texEscape(p.Title)+"}")
		field("journal", texEscape(p.Journal))
		if p.Year > 0 {
			field("year", fmt.Sprint(p.Year))
		}
		if p.Month != "" {
			// The standard month macros (jan … dec), unbraced.
			ew.printf("  month = %s,\n", strings.ToLower(p.Month))
		}
		field("volume", texEscape(p.Volume))
		field("number", texEscape(p.Issue))
		first, last := startEnd(p.Pages)
		if last != "" {
			field("pages", texEscape(first)+"--"+texEscape(last))
		} else {
			field("pages", texEscape(first))
		}
		field("doi", texEscape(p.DOI))
		field("pmid", p.PMID)
		field("pmcid", texEscape(p.PMCID))
		if kw := append(slices.Clone(p.Keywords), it.Tags...); len(kw) > 0 {
			field("keywords", texEscape(strings.Join(kw, ", ")))
		}
		field("annote", texEscape(bibAnnote(it)))
		ew.printf("}\n\n")
	}
	return ew.err
}

// bibAnnote is the user's note, then the labelled digest.
func bibAnnote(it Item) string {
	var parts []string
	if n := oneLine(it.Note); n != "" {
		parts = append(parts, "Note: "+n)
	}
	if s := summaryNote(it.Paper); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, " -- ")
}

func bibAuthors(p *store.Paper) string {
	var names []string
	for _, a := range p.Authors {
		last, initials := splitAuthor(a)
		if initials == "" {
			names = append(names, "{"+texEscape(last)+"}")
			continue
		}
		var dotted []string
		for _, r := range initials {
			dotted = append(dotted, string(r)+".")
		}
		names = append(names, texEscape(last)+", "+strings.Join(dotted, " "))
	}
	if p.EtAl {
		names = append(names, "others")
	}
	return strings.Join(names, " and ")
}

// bibKey is the citation key before de-duplication: ASCII letters and
// digits only, so every BibTeX tool accepts it.
func bibKey(p *store.Paper) string {
	last, _ := splitAuthor(p.FirstAuthor())
	word := ""
	for _, w := range strings.Fields(p.Title) {
		if a := asciiAlnum(w); len(a) > 3 {
			word = a
			break
		}
	}
	year := ""
	if p.Year > 0 {
		year = fmt.Sprint(p.Year)
	}
	key := asciiAlnum(last) + year + strings.ToLower(word)
	if asciiAlnum(last) == "" {
		key = "pmid" + p.PMID
	}
	return key
}

// asciiAlnum folds accents ("Vañó" → "Vano") and keeps letters and digits.
func asciiAlnum(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func uniqueKey(key string, used map[string]int) string {
	n := used[key]
	used[key] = n + 1
	if n == 0 {
		return key
	}
	suffix := ""
	for n > 0 {
		n--
		suffix = string(rune('a'+n%26)) + suffix
		n /= 26
	}
	return key + suffix
}

// texEscape escapes LaTeX's special characters. Other Unicode (accents,
// Greek letters) is kept as UTF-8, which biber and modern BibTeX read.
func texEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `&`, `\&`, `%`, `\%`, `$`, `\$`,
		`#`, `\#`, `_`, `\_`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`)
	return r.Replace(strings.Join(strings.Fields(s), " "))
}
