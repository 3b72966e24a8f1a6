package vocab

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// ReadMeSHTree reads an NLM MeSH tree file ("Tree Number<TAB>Desc Ui<TAB>Term",
// a header line, optionally a UTF-8 byte-order mark). Descriptors under C
// (diseases) and F03 (mental disorders) become conditions, under D
// (chemicals and drugs) drugs; the rest is not a condition or a drug and is
// left out. An inverted heading ("Hypertension, Pulmonary") also gets its
// natural order ("Pulmonary Hypertension") as a synonym.
func ReadMeSHTree(name string, r io.Reader) ([]Concept, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	byUI := map[string]*Concept{}
	var order []string
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
			if strings.HasPrefix(strings.ToLower(text), "tree number\t") {
				continue
			}
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 3 || !IsMeSHUI(cols[1]) || cols[0] == "" {
			return nil, fmt.Errorf("mesh tree %s: line %d: want \"tree number<TAB>descriptor UI<TAB>term\"", name, line)
		}
		kind, ok := meshKind(cols[0])
		if !ok {
			continue
		}
		c := byUI[cols[1]]
		if c == nil {
			term := store.CleanText(cols[2])
			if term == "" {
				return nil, fmt.Errorf("mesh tree %s: line %d: descriptor %s has no term", name, line, cols[1])
			}
			c = &Concept{ID: cols[1], Kind: kind, Name: term, MeSH: cols[1]}
			if natural := uninvert(term); natural != "" {
				c.addName(natural)
			}
			byUI[cols[1]] = c
			order = append(order, cols[1])
		} else if kind == store.KindCondition {
			c.Kind = kind // a descriptor in both C and D is a condition
		}
		c.Trees = append(c.Trees, cols[0])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("mesh tree %s: line %d: %w", name, line+1, err)
	}
	if len(byUI) == 0 {
		return nil, fmt.Errorf("mesh tree %s: no disease or chemical descriptors", name)
	}
	out := make([]Concept, 0, len(order))
	for _, ui := range order {
		out = append(out, *byUI[ui])
	}
	return out, nil
}

func meshKind(tree string) (store.Kind, bool) {
	switch {
	case strings.HasPrefix(tree, "C"), strings.HasPrefix(tree, "F03"):
		return store.KindCondition, true
	case strings.HasPrefix(tree, "D"):
		for _, b := range notDrugBranches {
			if strings.HasPrefix(tree, b) {
				return "", false
			}
		}
		return store.KindDrug, true
	}
	return "", false
}

// notDrugBranches are the parts of MeSH's chemicals and drugs (D) that
// name molecules of the body rather than drugs a paper gives: enzymes,
// proteins, nucleic acids and biological factors ("Albumins", "Creatine
// Kinase", "DNA", "Prolactin" would fill the drugs pane of every paper).
// A descriptor that is also under another D branch ("Insulin" is a
// hormone) stays a drug.
var notDrugBranches = []string{"D08.811", "D12.776", "D13", "D23", "D27"}

// uninvert turns an inverted MeSH heading into natural order:
// "Leukemia, Myeloid, Acute" → "Acute Myeloid Leukemia". Headings whose
// commas are part of a chemical name ("1,2-Dihydroxybenzene") or that hold
// parentheses are left alone ("" means no variant).
func uninvert(term string) string {
	if !strings.Contains(term, ", ") || strings.ContainsAny(term, "()[]") {
		return ""
	}
	parts := strings.Split(term, ", ")
	for _, p := range parts {
		if p == "" || strings.Contains(p, ",") {
			return ""
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " ")
}
