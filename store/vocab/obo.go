package vocab

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/follicle/follicle/store"
)

// ReadOBO reads the Human Disease Ontology in OBO format: every [Term] with
// its name, EXACT synonyms and MeSH and OMIM cross-references becomes a
// condition; obsolete terms are skipped, and so are [Typedef] stanzas.
func ReadOBO(name string, r io.Reader) ([]Concept, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	var out []Concept
	var cur *Concept
	obsolete, inTerm := false, false
	termLine, line := 0, 0
	finish := func() error {
		if !inTerm {
			return nil
		}
		inTerm = false
		if cur.ID == "" || cur.Name == "" {
			return fmt.Errorf("disease ontology %s: line %d: term without an id or a name", name, termLine)
		}
		if !obsolete {
			out = append(out, *cur)
		}
		return nil
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if strings.HasPrefix(text, "[") {
			if err := finish(); err != nil {
				return nil, err
			}
			inTerm = text == "[Term]"
			cur, obsolete, termLine = &Concept{Kind: store.KindCondition}, false, line
			continue
		}
		if !inTerm || text == "" || strings.HasPrefix(text, "!") {
			continue
		}
		tag, value, ok := strings.Cut(text, ": ")
		if !ok {
			return nil, fmt.Errorf("disease ontology %s: line %d: want \"tag: value\"", name, line)
		}
		if err := cur.oboTag(tag, value); err != nil {
			return nil, fmt.Errorf("disease ontology %s: line %d: %w", name, line, err)
		}
		if tag == "is_obsolete" && value == "true" {
			obsolete = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("disease ontology %s: line %d: %w", name, line+1, err)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("disease ontology %s: no terms", name)
	}
	return out, nil
}

func (c *Concept) oboTag(tag, value string) error {
	switch tag {
	case "id":
		if !strings.HasPrefix(value, "DOID:") {
			return fmt.Errorf("id %q is not a DOID", truncate(value))
		}
		c.ID, c.DOID = value, value
	case "name":
		c.Name = store.CleanText(value)
	case "synonym":
		syn, scope, ok := quoted(value)
		if !ok {
			return fmt.Errorf("synonym is not quoted")
		}
		if strings.HasPrefix(scope, "EXACT") && !geneSymbol(syn) {
			c.addName(syn)
		}
	case "xref":
		ref, _, _ := strings.Cut(value, " ")
		switch {
		case strings.HasPrefix(ref, "MESH:") && IsMeSHUI(ref[5:]) && c.MeSH == "":
			c.MeSH = ref[5:]
		case strings.HasPrefix(ref, "OMIM:") && strings.Trim(ref[5:], "0123456789") == "" && len(ref) > 5:
			c.OMIM = append(c.OMIM, ref)
		}
	}
	return nil
}

// geneSymbol reports whether a synonym looks like a gene symbol (short,
// capitals and a digit: "WT1", "BRCA1"): the Disease Ontology lists them as
// synonyms of hereditary diseases, but a paper naming the gene is about
// the gene.
func geneSymbol(s string) bool {
	if len(s) > 7 || strings.IndexFunc(s, unicode.IsLower) >= 0 {
		return false
	}
	return strings.ContainsAny(s, "0123456789")
}

// quoted splits `"text" rest` into text (with \" unescaped) and rest.
func quoted(v string) (string, string, bool) {
	if !strings.HasPrefix(v, `"`) {
		return "", "", false
	}
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		switch v[i] {
		case '\\':
			if i+1 < len(v) {
				i++
				b.WriteByte(v[i])
			}
		case '"':
			return b.String(), strings.TrimSpace(v[i+1:]), true
		default:
			b.WriteByte(v[i])
		}
	}
	return "", "", false
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
