package index

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// queryPlan is a request made ready for Bleve: the query that requires
// every clause, and, for bare words typed side by side, what is needed to
// ask instead for the papers that have most of them.
type queryPlan struct {
	// words are the clauses of a top-level AND of juxtaposed words and
	// phrases, which may be relaxed; required are the other clauses and
	// the request's filters; not are the excluded clauses.
	words, required, not []query.Query
	// Details and Notes for the Result (see there).
	understood, notes []string
}

// strict requires every clause.
func (p *queryPlan) strict() query.Query {
	return p.relaxed(len(p.words))
}

// relaxed requires at least k of the words and all the rest; a plan with
// nothing to match is every paper.
func (p *queryPlan) relaxed(k int) query.Query {
	var must []query.Query
	if k >= len(p.words) {
		must = append(must, p.words...)
	} else if d := disjunction(p.words, k); d != nil {
		must = append(must, d)
	}
	must = append(must, p.required...)
	q := allOf(must, p.not)
	if q == nil {
		return bleve.NewMatchAllQuery()
	}
	if b, ok := q.(*query.BooleanQuery); ok && b.Must == nil {
		// Bleve starts a must-not only query from every paper.
		return b
	}
	return q
}

// planQuery parses and builds r's text with env, adding r's filters.
func planQuery(r Request, env queryEnv) (*queryPlan, error) {
	if utf8.RuneCountInString(r.Text) > MaxQueryLength {
		return nil, &QueryError{Text: r.Text, Err: fmt.Errorf("longer than %d characters", MaxQueryLength)}
	}
	if !utf8.ValidString(r.Text) {
		return nil, &QueryError{Text: r.Text, Err: fmt.Errorf("not valid UTF-8")}
	}
	plan, err := planText(r.Text, r.Prefix, env)
	if err != nil {
		return nil, &QueryError{Text: r.Text, Err: err}
	}
	plan.required = append(plan.required, filterQueries(r)...)
	if err := guard(plan.strict()); err != nil {
		return nil, &QueryError{Text: r.Text, Err: err}
	}
	return plan, nil
}

// planText parses text and builds its clauses.
func planText(text string, prefix bool, env queryEnv) (*queryPlan, error) {
	tree, err := parseQuery(text, queryFields)
	if err != nil {
		return nil, err
	}
	b := &builder{env: env, text: text, typing: typingWord(text, prefix)}
	if toks, err := lex(text); err == nil {
		b.explainEntities(toks)
	}
	plan := &queryPlan{}
	if pmidList.MatchString(text) {
		ids := strings.FieldsFunc(text, func(r rune) bool { return r < '0' || r > '9' })
		plan.required = []query.Query{filter(bleve.NewDocIDQuery(ids))}
		plan.understood = append(plan.understood, fmt.Sprintf("a list of %d PMIDs", len(ids)))
		return plan, nil
	}
	if onlyIdentifiers(tree) {
		tree.kind = nodeOr // pasted identifiers: each paper, not one having them all
	}
	switch {
	case tree == nil:
	case tree.kind == nodeAnd && tree.implicit:
		for _, k := range tree.kids {
			if k.kind == nodeNot {
				q, err := b.node(k.kids[0])
				if err != nil {
					return nil, err
				}
				if q != nil {
					plan.not = append(plan.not, q)
				}
				continue
			}
			q, err := b.node(k)
			if err != nil {
				return nil, err
			}
			switch {
			case q == nil:
			case k.kind == nodeTerm && k.term.tag == "" && !filterFields[k.term.field]:
				plan.words = append(plan.words, q)
			default:
				plan.required = append(plan.required, q)
			}
		}
	default:
		q, err := b.node(tree)
		if err != nil {
			return nil, err
		}
		if q != nil {
			plan.required = append(plan.required, q)
		}
	}
	if b.dropped > 0 && len(plan.words)+len(plan.required)+len(plan.not) == 0 {
		// Only stop words ("of the"): there is nothing to find.
		plan.required = []query.Query{bleve.NewMatchNoneQuery()}
	}
	plan.understood, plan.notes = b.understood, b.notes
	return plan, nil
}

// onlyIdentifiers is whether tree is several identifiers side by side.
func onlyIdentifiers(tree *qnode) bool {
	if tree == nil || tree.kind != nodeAnd || !tree.implicit {
		return false
	}
	for _, k := range tree.kids {
		if k.kind != nodeTerm || (k.term.field != FieldPMID && k.term.field != FieldDOI && k.term.field != fieldPMCID) {
			return false
		}
	}
	return true
}

// typingWord is the byte offset of the last word of text when it is being
// typed: a bare word of letters and digits, long enough to be worth
// completing, with only spaces after it; -1 otherwise.
func typingWord(text string, prefix bool) int {
	if !prefix {
		return -1
	}
	toks, err := lex(text)
	if err != nil || len(toks) == 0 {
		return -1
	}
	last := toks[len(toks)-1]
	if last.kind != tokWord || !isPlainWord(last.text) || utf8.RuneCountInString(last.text) < minPrefixLength {
		return -1
	}
	return last.pos
}

// defaultEnv is the environment of a query built without an index: the
// mapping's analyzers only.
func defaultEnv() queryEnv { return queryEnv{mapping: NewMapping()} }

// env is the query environment of this index and request.
func (ix *Index) env(r Request) queryEnv {
	return queryEnv{mapping: ix.shards[0].Mapping(), lib: ix.lib, types: ix.table.typeNames(), personal: r.Personal, mesh: ix.meshTree}
}

// Partial says that no paper had every word, and how many of them the
// listed papers have at least.
type Partial struct {
	Words   int // the words (and phrases) typed side by side
	AtLeast int // each listed paper has at least this many of them
}

// String is the line above the list, the same in the explorer and on the
// command line.
func (p Partial) String() string {
	if p.Words == 0 {
		return ""
	}
	return fmt.Sprintf("no paper has all %d words: showing those with %d or more", p.Words, p.AtLeast)
}

// longQuery is how many words make a query a pasted sentence (a claim, a
// question) rather than a few typed words: its papers are those with a
// third of its words, ranked, since no paper uses most of a sentence's
// words.
const longQuery = 7

// fewerWords lists the papers with most of plan's words when none has
// them all (see Partial). The likeliest answer is tried first, as the
// search itself: all words but one, or for a pasted sentence a third of
// them (no more are asked of one); only when no paper has that many do
// count-only searches find the most any paper has.
func (ix *Index) fewerWords(ctx context.Context, plan *queryPlan, run func(query.Query) (Result, error)) (Result, error) {
	n := len(plan.words)
	k := n - 1
	if n >= longQuery {
		k = (n + 2) / 3
	}
	out, err := run(plan.relaxed(k))
	if err != nil || out.Total == 0 {
		if err == nil {
			k, err = ix.mostWords(ctx, plan, k-1)
		}
		if err != nil || k == 0 {
			return out, err
		}
		if out, err = run(plan.relaxed(k)); err != nil {
			return out, err
		}
	}
	out.Partial = Partial{Words: n, AtLeast: k}
	return out, nil
}

// mostWords is the most of plan's words, at most hi, that some paper has
// (0 when none has any), found by halving.
func (ix *Index) mostWords(ctx context.Context, plan *queryPlan, hi int) (int, error) {
	lo := 0 // known to match (0: nothing known)
	for lo < hi {
		k := (lo + hi + 1) / 2
		n, err := ix.count(ctx, plan.relaxed(k))
		if err != nil {
			return 0, err
		}
		if n > 0 {
			lo = k
		} else {
			hi = k - 1
		}
	}
	return lo, nil
}

// count is how many papers match q.
func (ix *Index) count(ctx context.Context, q query.Query) (uint64, error) {
	res, err := ix.whole.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// typeNames lists the publication types of the library, as the panes
// name them.
func (t *paperTable) typeNames() []string {
	var out []string
	for _, name := range t.names {
		if v, ok := strings.CutPrefix(name, facetPrefixes[FieldTypeFacet]); ok {
			out = append(out, v)
		}
	}
	return out
}
