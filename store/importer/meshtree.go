package importer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
)

// LoadMeSHTree reads an NLM MeSH tree file ("Tree Number<TAB>Desc Ui<TAB>Term",
// optionally gzipped, optionally with a byte-order mark). name is used in
// errors.
func LoadMeSHTree(name string, r io.Reader) (MeSHTree, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("mesh tree %s: gzip: %w", name, err)
		}
		br = bufio.NewReader(z)
	}
	sc := bufio.NewScanner(br)
	tree := MeSHTree{}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimPrefix(strings.TrimRight(sc.Text(), "\r"), "\ufeff")
		cols := strings.Split(text, "\t")
		if line == 1 && len(cols) >= 2 && strings.EqualFold(cols[0], "Tree Number") {
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if len(cols) < 3 || !isMeSHUI(cols[1]) {
			return nil, fmt.Errorf("mesh tree %s: line %d: want \"tree number<TAB>descriptor UI<TAB>term\"", name, line)
		}
		d := tree[cols[1]]
		d.Name = cols[2]
		d.Trees = append(d.Trees, cols[0])
		tree[cols[1]] = d
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("mesh tree %s: line %d: %w", name, line+1, err)
	}
	if len(tree) == 0 {
		return nil, fmt.Errorf("mesh tree %s: no descriptors", name)
	}
	return tree, nil
}
