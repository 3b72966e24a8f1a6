package index

import (
	"strconv"
	"strings"
	"unicode"
)

// nodeKind says what a node of a parsed query is.
type nodeKind int

const (
	nodeTerm nodeKind = iota
	nodeAnd
	nodeOr
	nodeNot
)

// qnode is one node of a parsed query: a term, or AND, OR, NOT over its
// children.
type qnode struct {
	kind nodeKind
	kids []*qnode
	// implicit marks an AND made only by juxtaposition ("jak alopecia"),
	// the one form that falls back to papers matching most words.
	implicit bool
	term     term
}

// term is one clause: a word, a phrase or a field's value.
type term struct {
	field  string // lower case as typed ("" for none); a PubMed tag sets tag instead
	tag    string // a PubMed field tag without brackets ("tiab"), or ""
	value  string
	phrase bool
	fuzzy  int // edit distance from ~1/~2, 0 for none
	pos    int // byte offset in the query
	end    int
	// bare is a plain word as typed: no sign, field, tag, fuzziness or
	// wildcard. The last bare word is matched as a prefix while typing.
	bare bool
}

// maxDepth bounds nested brackets, so a pathological query cannot run the
// parser deep.
const maxDepth = 32

// parser reads tokens into a tree. Operators apply from left to right, as
// PubMed applies them ("a OR b c" is "(a OR b) AND c"); bare juxtaposition
// is AND.
type parser struct {
	text string
	toks []token
	at   int
	// fields are the field names a word may carry (title:, year:, …).
	fields map[string]bool
	// runTag[i] is the index of the PubMed tag that closes the run of
	// bare words from token i on, or -1 (see taggedRun).
	runTag []int
}

// parseQuery parses text into a tree; an empty query is a nil tree.
func parseQuery(text string, fields map[string]bool) (*qnode, error) {
	toks, err := lex(text)
	if err != nil {
		return nil, err
	}
	p := &parser{text: text, toks: toks, fields: fields, runTag: make([]int, len(toks)+1)}
	p.runTag[len(toks)] = -1
	for i := len(toks) - 1; i >= 0; i-- {
		switch t := toks[i]; {
		case t.kind == tokTag:
			p.runTag[i] = i
		case t.kind == tokWord && !strings.ContainsAny(t.text, ":~*?") && t.text[0] != '-' && t.text[0] != '+':
			p.runTag[i] = p.runTag[i+1]
		default:
			p.runTag[i] = -1
		}
	}
	if len(toks) == 0 {
		return nil, nil
	}
	n, err := p.sequence(0)
	if err != nil {
		return nil, err
	}
	if p.at < len(p.toks) {
		t := p.toks[p.at]
		return nil, syntaxErr(text, t.pos, "unmatched )")
	}
	return n, nil
}

func (p *parser) peek() (token, bool) {
	if p.at >= len(p.toks) {
		return token{}, false
	}
	return p.toks[p.at], true
}

// sequence reads clauses joined by operators up to a closing bracket or
// the end.
func (p *parser) sequence(depth int) (*qnode, error) {
	left, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.peek()
		if !ok || t.kind == tokClose {
			return left, nil
		}
		kind, negate, implicit := nodeAnd, false, true
		switch t.kind {
		case tokOr:
			kind, implicit = nodeOr, false
		case tokAnd:
			implicit = false
		case tokNot:
			negate, implicit = true, false
		}
		if !implicit {
			p.at++
			if next, ok := p.peek(); !ok || next.kind == tokClose || next.kind == tokAnd || next.kind == tokOr || next.kind == tokNot {
				return nil, syntaxErr(p.text, t.pos, "%s needs a clause after it", t.text)
			}
		}
		right, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		if negate {
			right = &qnode{kind: nodeNot, kids: []*qnode{right}}
		}
		left = join(left, right, kind, implicit)
	}
}

// join combines left and right, extending left when it is already the same
// operator, so "a b c" is one AND of three.
func join(left, right *qnode, kind nodeKind, implicit bool) *qnode {
	if left.kind == kind && (kind != nodeAnd || left.implicit == implicit) {
		left.kids = append(left.kids, right)
		return left
	}
	return &qnode{kind: kind, kids: []*qnode{left, right}, implicit: kind == nodeAnd && implicit}
}

// unary reads one clause: a bracketed group, a phrase or a word, with its
// sign and PubMed tag.
func (p *parser) unary(depth int) (*qnode, error) {
	t, ok := p.peek()
	if !ok {
		return nil, syntaxErr(p.text, len(p.text), "the query ends where a word was expected")
	}
	switch t.kind {
	case tokAnd, tokOr, tokNot:
		return nil, syntaxErr(p.text, t.pos, "%s needs a clause before it", t.text)
	case tokClose:
		return nil, syntaxErr(p.text, t.pos, "unmatched )")
	case tokTag:
		return nil, syntaxErr(p.text, t.pos, "[%s] follows no word", t.text)
	case tokOpen:
		return p.group(t, depth)
	case tokPhrase:
		p.at++
		n := &qnode{kind: nodeTerm, term: term{field: strings.ToLower(t.field), value: t.text, phrase: true, pos: t.pos, end: t.end}}
		if field, value, ok := identifier(strings.TrimSpace(t.text)); ok && t.field == "" {
			n.term = term{field: field, value: value, pos: t.pos, end: t.end}
		}
		if err := p.tagged(n); err != nil {
			return nil, err
		}
		if t.sign == '-' {
			return &qnode{kind: nodeNot, kids: []*qnode{n}}, nil
		}
		return n, nil
	}
	return p.word(t)
}

// group reads a bracketed sequence.
func (p *parser) group(open token, depth int) (*qnode, error) {
	if depth >= maxDepth {
		return nil, syntaxErr(p.text, open.pos, "brackets nested deeper than %d", maxDepth)
	}
	p.at++
	next, ok := p.peek()
	if !ok {
		return nil, syntaxErr(p.text, open.pos, "unclosed (")
	}
	if next.kind == tokClose {
		return nil, syntaxErr(p.text, open.pos, "empty brackets ()")
	}
	n, err := p.sequence(depth + 1)
	if err != nil {
		return nil, err
	}
	if next, ok := p.peek(); !ok || next.kind != tokClose {
		return nil, syntaxErr(p.text, open.pos, "unclosed (")
	}
	p.at++
	// Brackets make a group explicit: it is not relaxed to most words.
	n.implicit = false
	if next, ok := p.peek(); ok && next.kind == tokTag {
		return nil, syntaxErr(p.text, next.pos, "a field tag applies to a word or a phrase, not to brackets: tag each word")
	}
	return n, nil
}

// word reads a word token. A run of bare words followed by a PubMed tag
// ("hair loss[tiab]") is one phrase in that field, as PubMed reads it.
func (p *parser) word(t token) (*qnode, error) {
	if run := p.taggedRun(); run > 1 {
		first, last := p.toks[p.at], p.toks[p.at+run-1]
		p.at += run
		n := &qnode{kind: nodeTerm, term: term{value: p.text[first.pos:last.end], phrase: true, pos: first.pos, end: last.end}}
		return n, p.tagged(n)
	}
	p.at++
	text := t.text
	if text == "+" || text == "-" {
		if p.at == len(p.toks) {
			return nil, syntaxErr(p.text, t.pos, "%s needs a word after it", text)
		}
		// A dash between words of a pasted sentence says nothing.
		return &qnode{kind: nodeTerm, term: term{value: "", pos: t.pos, end: t.end}}, nil
	}
	var sign byte
	if len(text) > 1 && (text[0] == '+' || text[0] == '-') {
		sign, text = text[0], text[1:]
	}
	if field, value, ok := identifier(text); ok {
		return signed(&qnode{kind: nodeTerm, term: term{field: field, value: value, pos: t.pos, end: t.end}}, sign), nil
	}
	if label := strings.ToUpper(text); label == "PMID:" || label == "PMCID:" || label == "DOI:" {
		// "PMID: 37042112" as a PubMed page shows it.
		if next, ok := p.peek(); ok && next.kind == tokWord {
			field, value := FieldPMID, next.text
			if label != "PMID:" {
				var isID bool
				if field, value, isID = identifier(next.text); !isID {
					return nil, syntaxErr(p.text, next.pos, "%s is not a %s", next.text, strings.TrimSuffix(label, ":"))
				}
			}
			p.at++
			return signed(&qnode{kind: nodeTerm, term: term{field: field, value: value, pos: t.pos, end: next.end}}, sign), nil
		}
	}
	if strings.HasPrefix(text, "~") {
		return nil, syntaxErr(p.text, t.pos, "%s follows no word (a phrase takes no ~)", t.text)
	}
	tm := term{value: text, pos: t.pos, end: t.end}
	if field, value, ok := strings.Cut(text, ":"); ok && value != "" && isFieldName(field) {
		if !p.fields[strings.ToLower(field)] {
			return nil, syntaxErr(p.text, t.pos, "unknown field %s: (known: %s)", field, fieldList(p.fields))
		}
		tm.field, tm.value = strings.ToLower(field), value
	}
	if len(tm.value) > 1 && tm.value[0] == '/' && strings.HasSuffix(tm.value, "/") {
		return nil, syntaxErr(p.text, t.pos, "regular expressions (/…/) are not supported; use a word, a prefix like minox*, or a phrase")
	}
	if err := p.fuzziness(&tm, t); err != nil {
		return nil, err
	}
	tm.bare = sign == 0 && tm.field == "" && tm.fuzzy == 0 && isPlainWord(tm.value)
	n := &qnode{kind: nodeTerm, term: tm}
	if err := p.tagged(n); err != nil {
		return nil, err
	}
	if sign == '-' {
		return &qnode{kind: nodeNot, kids: []*qnode{n}}, nil
	}
	return n, nil
}

// signed negates n for a minus sign.
func signed(n *qnode, sign byte) *qnode {
	if sign == '-' {
		return &qnode{kind: nodeNot, kids: []*qnode{n}}
	}
	return n
}

// taggedRun counts the bare words from the current token on that a PubMed
// tag closes (0 when no tag follows them).
func (p *parser) taggedRun() int {
	if end := p.runTag[p.at]; end > p.at {
		return end - p.at
	}
	return 0
}

// fuzziness reads a trailing ~ or ~N.
func (p *parser) fuzziness(tm *term, t token) error {
	i := strings.LastIndexByte(tm.value, '~')
	if i < 0 {
		return nil
	}
	word, n := tm.value[:i], tm.value[i+1:]
	if word == "" {
		return syntaxErr(p.text, t.pos, "~ follows no word")
	}
	switch n {
	case "", "1":
		tm.fuzzy = 1
	case "2":
		tm.fuzzy = 2
	default:
		if _, err := strconv.Atoi(n); err == nil {
			return syntaxErr(p.text, t.pos+strings.LastIndexByte(t.text, '~'), "%s: a word may differ by ~1 or ~2 letters, not ~%s", t.text, n)
		}
		return syntaxErr(p.text, t.pos+strings.LastIndexByte(t.text, '~'), "%s: ~ takes 1 or 2", t.text)
	}
	tm.value = word
	return nil
}

// tagged attaches a following PubMed tag to a term.
func (p *parser) tagged(n *qnode) error {
	t, ok := p.peek()
	if !ok || t.kind != tokTag {
		return nil
	}
	p.at++
	if n.term.field != "" {
		return syntaxErr(p.text, t.pos, "%s: has a field already; drop [%s]", n.term.field, t.text)
	}
	n.term.tag = t.text
	n.term.end = t.end
	return nil
}

// isFieldName is whether s could name a field: letters only. "10.1000/x:y"
// or "1:2" are words.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '_' {
			return false
		}
	}
	return true
}

// isPlainWord is letters and digits only.
func isPlainWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func fieldList(fields map[string]bool) string {
	var names []string
	for _, f := range queryFieldOrder {
		if fields[f] {
			names = append(names, f)
		}
	}
	return strings.Join(names, ", ")
}
