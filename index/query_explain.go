package index

import (
	"fmt"
	"slices"
	"strings"

	"github.com/follicle/follicle/store"
)

// maxAlsoNames is how many other names of an entity the details line shows.
const maxAlsoNames = 3

// explainEntities notes which runs of plain words of text name a lexicon
// entity: a search without a field also finds the papers about it by its
// other names (its brands, codes, synonyms and abbreviations are in each
// such paper's text), so the details line says which names those are
// ("Olumiant → drug baricitinib, also LY3009104").
func (b *builder) explainEntities(toks []token) {
	lib := b.env.lib
	if lib == nil {
		return
	}
	for _, run := range plainRuns(toks) {
		words := b.text[run[0]:run[1]]
		for _, id := range lib.Tagger().Tag(words) {
			e, ok := lib.Entity(id)
			if !ok {
				continue
			}
			typed := typedName(e, words)
			if typed == "" {
				continue
			}
			also := otherNames(e, typed)
			if strings.EqualFold(typed, e.Name) && len(also) == 0 {
				continue // nothing is searched but what was typed
			}
			line := fmt.Sprintf("%s → %s %s", typed, kindOf(e), e.Name)
			if len(also) > 0 {
				line += ", also " + strings.Join(also, ", ")
			}
			b.understood = append(b.understood, line)
		}
	}
}

// plainRuns are the byte ranges of consecutive plain words: no sign,
// field, tag, quotes, fuzziness or pattern, and no operator between them.
func plainRuns(toks []token) [][2]int {
	var runs [][2]int
	start := -1
	for i, t := range toks {
		plain := t.kind == tokWord && !strings.ContainsAny(t.text, ":~*?") && t.text[0] != '-' && t.text[0] != '+' &&
			(i+1 == len(toks) || toks[i+1].kind != tokTag)
		switch {
		case plain && start < 0:
			start = i
		case !plain && start >= 0:
			runs = append(runs, [2]int{toks[start].pos, toks[i-1].end})
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, [2]int{toks[start].pos, toks[len(toks)-1].end})
	}
	return runs
}

// typedName is the longest name of e found in words, as typed there.
func typedName(e *store.Entity, words string) string {
	lower := strings.ToLower(words)
	best := ""
	for _, n := range append(e.Names(), e.Abbreviations...) {
		if i := strings.Index(lower, strings.ToLower(n)); i >= 0 && len(n) > len(best) {
			best = words[i : i+len(n)]
		}
	}
	return best
}

// otherNames are a few names of e other than typed and its preferred name:
// brands and codes first, as a student meets them in trials.
func otherNames(e *store.Entity, typed string) []string {
	var out []string
	for _, list := range [][]string{e.Brands, e.Codes, e.Abbreviations, e.Synonyms} {
		for _, n := range list {
			if len(out) == maxAlsoNames {
				return out
			}
			if !strings.EqualFold(n, typed) && !strings.EqualFold(n, e.Name) && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, n) }) {
				out = append(out, n)
			}
		}
	}
	return out
}

func kindOf(e *store.Entity) string {
	if e.Kind == store.KindCondition {
		return "condition"
	}
	return "drug"
}
