package vocab

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// ReadTSV reads a vocabulary a user writes: one concept a line,
// "id<TAB>kind<TAB>name<TAB>synonym|synonym…" (the synonyms column may be
// missing). kind is condition (or disease) or drug (or chemical). A MeSH UI
// as id merges the line into that MeSH concept. Blank lines and lines
// starting with # are ignored.
func ReadTSV(name string, r io.Reader) ([]Concept, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []Concept
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 3 || len(cols) > 4 {
			return nil, fmt.Errorf("vocabulary %s: line %d: want \"id<TAB>kind<TAB>name<TAB>synonym|synonym…\"", name, line)
		}
		id := strings.TrimSpace(cols[0])
		kind, ok := tsvKinds[strings.ToLower(strings.TrimSpace(cols[1]))]
		if !ok {
			return nil, fmt.Errorf("vocabulary %s: line %d: kind %q is not condition or drug", name, line, truncate(cols[1]))
		}
		c := Concept{ID: store.CleanText(id), Kind: kind, Name: store.CleanText(cols[2])}
		if c.ID == "" || c.Name == "" || strings.ContainsAny(c.ID, " /") {
			return nil, fmt.Errorf("vocabulary %s: line %d: want an id without spaces and a name", name, line)
		}
		if IsMeSHUI(c.ID) {
			c.MeSH = c.ID
		}
		if len(cols) == 4 {
			for _, s := range strings.Split(cols[3], "|") {
				c.addName(s)
			}
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("vocabulary %s: line %d: %w", name, line+1, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("vocabulary %s: no concepts", name)
	}
	return out, nil
}

var tsvKinds = map[string]store.Kind{
	"condition": store.KindCondition, "disease": store.KindCondition,
	"drug": store.KindDrug, "chemical": store.KindDrug,
}
