package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The query language's tokens. Follicle reads its own language rather than
// Bleve's query string: Bleve's makes every bare word optional (a search
// for four words listed every paper with any of them), has no OR, AND, NOT
// or brackets, no PubMed field tags, and reports its mistakes without a
// position.
type tokenKind int

const (
	tokWord   tokenKind = iota // a word, possibly with +/-, field:, ~n or * (parsed later)
	tokPhrase                  // "a quoted phrase", possibly after field:
	tokOpen                    // (
	tokClose                   // )
	tokAnd                     // AND
	tokOr                      // OR
	tokNot                     // NOT
	tokTag                     // [tiab], a PubMed field tag after a word, phrase or bracket
)

// token is one lexical unit with its byte offset in the query.
type token struct {
	kind tokenKind
	text string // the word, the phrase without quotes, or the tag without brackets
	// field is set for a fielded phrase (title:"…"), with the sign before
	// it in sign.
	field string
	sign  byte // '+', '-' or 0 for a fielded phrase
	pos   int
	end   int // byte offset just past the token
}

// SyntaxError is a malformed query: what is wrong and where (a 1-based
// character column), so the status line and the command line can say it.
type SyntaxError struct {
	Msg    string
	Column int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at column %d", e.Msg, e.Column)
}

// syntaxErr reports msg at byte offset pos of text.
func syntaxErr(text string, pos int, format string, args ...any) *SyntaxError {
	pos = min(max(pos, 0), len(text))
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Column: utf8.RuneCountInString(text[:pos]) + 1}
}

// lex splits text into tokens. Operators count only in upper case, as in
// PubMed, so "not" and "or" in a pasted sentence stay words.
func lex(text string) ([]token, error) {
	var out []token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			out = append(out, token{kind: tokOpen, text: "(", pos: i, end: i + 1})
			i++
		case r == ')':
			out = append(out, token{kind: tokClose, text: ")", pos: i, end: i + 1})
			i++
		case r == '"':
			t, err := lexPhrase(text, i)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			i = t.end
		case r == '[':
			end := strings.IndexByte(text[i:], ']')
			if end < 0 {
				return nil, syntaxErr(text, i, "unclosed [ (a field tag is written like [tiab])")
			}
			tag := strings.ToLower(strings.TrimSpace(text[i+1 : i+end]))
			if tag == "" {
				return nil, syntaxErr(text, i, "empty field tag []")
			}
			out = append(out, token{kind: tokTag, text: tag, pos: i, end: i + end + 1})
			i += end + 1
		default:
			t, err := lexWord(text, i)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			i = t.end
		}
	}
	return out, nil
}

// lexPhrase reads a quoted phrase starting at the quote at i.
func lexPhrase(text string, i int) (token, error) {
	end := strings.IndexByte(text[i+1:], '"')
	if end < 0 {
		return token{}, syntaxErr(text, i, `unclosed quote "`)
	}
	return token{kind: tokPhrase, text: text[i+1 : i+1+end], pos: i, end: i + end + 2}, nil
}

// lexWord reads a word up to a space, a bracket or a quote. A word ending
// in "field:" followed by a quote takes the phrase as its value.
func lexWord(text string, i int) (token, error) {
	j, open, doi := i, 0, false
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if r == '(' || r == ')' && open > 0 {
			// A DOI keeps its brackets: 10.1016/S0140-6736(20)30183-5.
			if doi = doi || mayHoldDOI(text[i:j]); doi {
				if r == '(' {
					open++
				} else {
					open--
				}
				j += size
				continue
			}
		}
		if unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' || r == '[' {
			break
		}
		j += size
	}
	word := text[i:j]
	if j < len(text) && text[j] == '"' && strings.HasSuffix(word, ":") && len(word) > 1 {
		p, err := lexPhrase(text, j)
		if err != nil {
			return token{}, err
		}
		field := strings.TrimSuffix(word, ":")
		var sign byte
		if field[0] == '+' || field[0] == '-' {
			sign, field = field[0], field[1:]
		}
		p.field, p.sign, p.pos = field, sign, i
		return p, nil
	}
	if j < len(text) && text[j] == '(' && strings.HasSuffix(word, ":") && len(word) > 1 {
		return token{}, syntaxErr(text, i, "%s(…) is not supported: write %sa OR %sb", word, word, word)
	}
	switch word {
	case "AND", "&&":
		return token{kind: tokAnd, text: word, pos: i, end: j}, nil
	case "OR", "||":
		return token{kind: tokOr, text: word, pos: i, end: j}, nil
	case "NOT":
		return token{kind: tokNot, text: word, pos: i, end: j}, nil
	}
	return token{kind: tokWord, text: word, pos: i, end: j}, nil
}
