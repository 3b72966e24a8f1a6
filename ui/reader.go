package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/export"
)

// reader shows one paper: full citation, types, MeSH terms, its conditions
// and drugs, and its text with the query terms highlighted. "/" finds text
// inside it; n and N move between matches.
type reader struct {
	hit     index.Hit
	lines   []string // rendered, wrapped
	plain   []string // the same lines without styling, for find
	offset  int
	find    textinput.Model
	finding bool
	term    string
	matches []findHit // every occurrence of term, in reading order
	match   int
	// mentions shows where the paper names its conditions and drugs
	// instead of the query's terms (h toggles).
	mentions bool
}

func newReader(h index.Hit) reader {
	in := newInput()
	in.Prompt = "find: "
	in.CharLimit = 200
	return reader{hit: h, find: in}
}

// layout renders the paper for width w. It runs when the reader opens and on
// resize, never in View.
func (r *reader) layout(st Styles, lib *store.Library, w int, tags []string, note string) {
	r.lines = readerLines(st, lib, r.hit, w, tags, note, r.mentions)
	r.plain = make([]string, len(r.lines))
	for i, l := range r.lines {
		r.plain[i] = ansi.Strip(l)
	}
	r.findMatches()
}

// readerLines renders the paper for width w, with the query's terms marked,
// or with mentions set the places it names a condition or a drug (two
// styles) and which names were found.
func readerLines(st Styles, lib *store.Library, h index.Hit, w int, tags []string, note string, mentions bool) []string {
	p := h.Paper
	w = max(20, w)
	var out []string
	add := func(s string) { out = append(out, wrapProse(s, w)...) }
	titleSpans, textSpans := queryStyled(h.TitleSpans, st.Highlight), queryStyled(h.TextSpans, st.Highlight)
	if mentions && lib != nil {
		titleSpans, textSpans = mentionSpans(st, lib, p)
	}
	add(renderStyled(oneLine(p.Title), titleSpans, st.Heading))
	out = append(out, "")
	if a := authorsLine(p); a != "" {
		add(st.Meta.Render(a))
	}
	if p.Journal != "" || p.Year > 0 {
		add(st.Meta.Render(oneLine(export.JournalCitation(p))))
	}
	field := func(label, value string) {
		if value != "" {
			add(st.Label.Render(label+": ") + oneLine(value))
		}
	}
	link := func(label, value, url string) {
		switch {
		case value == "":
		case url == "":
			field(label, value) // not a valid identifier: text only, no link
		default:
			// OSC 8: terminals that support hyperlinks make these clickable;
			// the others print the text alone. url is validated and
			// percent-encoded (links.go), so nothing can end the OSC early.
			add(st.Label.Render(label+": ") + ansi.SetHyperlink(url) + oneLine(value) + ansi.ResetHyperlink())
		}
	}
	// Canonical links only: PubMed, PubMed Central, doi.org.
	link("PMID", p.PMID, pubmedURL(p))
	link("PMC", p.PMCID, export.PMCURL(p))
	link("DOI", p.DOI, doiURL(p.DOI))
	field("Type", strings.Join(p.PubTypes, ", "))
	if lib != nil {
		field("Conditions", strings.Join(lib.EntityNames(p.Conditions), ", "))
		field("Drugs", strings.Join(lib.EntityNames(p.Drugs), ", "))
		if mentions {
			field("Matched", matchedLine(lib, p))
		}
	}
	field("MeSH", strings.Join(p.MeSH, "; "))
	field("Keywords", strings.Join(p.Keywords, "; "))
	if len(tags) > 0 {
		field("Tags", "#"+strings.Join(tags, " #"))
	}
	if note != "" {
		out = append(out, "")
		add(st.Label.Render("Your note:"))
		for _, l := range strings.Split(sanitize(note), "\n") {
			add(st.Filter.Render(l))
		}
	}
	out = append(out, "")
	if p.Digest != "" {
		// The digest is ours: say so where an abstract would be, and point
		// to the authors' own abstract.
		add(st.Label.Render(digestLabel))
		if url := pubmedURL(p); url != "" {
			add(st.Meta.Render("Authors' abstract: ") + ansi.SetHyperlink(url) + url + ansi.ResetHyperlink())
		}
	}
	out = append(out, textLines(st, p, textSpans, w)...)
	return out
}

// digestLabel heads a bundled paper's digest in the reader.
const digestLabel = "Summary written for Follicle; not the authors' abstract."

func authorsLine(p *store.Paper) string {
	a := strings.Join(p.Authors, ", ")
	if p.EtAl {
		a += ", et al."
	}
	return oneLine(a)
}

// findMatches recomputes which lines contain the find term.
func (r *reader) findMatches() {
	r.matches = r.matches[:0]
	if r.term == "" {
		return
	}
	for i, l := range r.plain {
		for _, s := range findSpans(l, r.term) {
			r.matches = append(r.matches, findHit{line: i, start: s.Start})
		}
	}
	r.match = 0
}

// jump moves to match i (wrapping) and scrolls it into view.
func (r *reader) jump(i, h int) {
	if len(r.matches) == 0 {
		return
	}
	r.match = (i%len(r.matches) + len(r.matches)) % len(r.matches)
	r.offset = r.clampOffset(r.matches[r.match].line-h/3, h)
}

func (r *reader) clampOffset(o, h int) int {
	return min(max(0, o), max(0, len(r.lines)-h))
}

// update handles the reader's own keys. It reports whether the reader should
// close.
func (r *reader) update(msg tea.KeyPressMsg, k KeyMap, h int) (closeIt bool, cmd tea.Cmd) {
	if r.finding {
		return false, r.updateFind(msg, k, h)
	}
	switch {
	case keyMatches(msg, k.Back):
		if r.term != "" {
			r.term, r.matches = "", nil
			return false, nil
		}
		return true, nil
	case keyMatches(msg, k.Find):
		r.finding = true
		r.find.SetValue("")
		return false, r.find.Focus()
	case keyMatches(msg, k.FindNext):
		r.jump(r.match+1, h)
	case keyMatches(msg, k.FindPrev):
		r.jump(r.match-1, h)
	default:
		r.scrollKeys(msg, k, h)
	}
	return false, nil
}

func (r *reader) updateFind(msg tea.KeyPressMsg, k KeyMap, h int) tea.Cmd {
	switch msg.String() {
	case "enter":
		r.finding = false
		r.find.Blur()
		r.term = strings.TrimSpace(r.find.Value())
		r.findMatches()
		r.jumpFrom(r.offset, h)
		return nil
	case "esc":
		r.finding = false
		r.find.Blur()
		return nil
	}
	var cmd tea.Cmd
	r.find, cmd = r.find.Update(msg)
	return cmd
}

// jumpFrom goes to the first match at or below line from.
func (r *reader) jumpFrom(from, h int) {
	for i, l := range r.matches {
		if l.line >= from {
			r.jump(i, h)
			return
		}
	}
	r.jump(0, h)
}

func (r *reader) scrollKeys(msg tea.KeyPressMsg, k KeyMap, h int) {
	switch {
	case keyMatches(msg, k.Up):
		r.offset = r.clampOffset(r.offset-1, h)
	case keyMatches(msg, k.Down):
		r.offset = r.clampOffset(r.offset+1, h)
	case keyMatches(msg, k.HalfUp):
		r.offset = r.clampOffset(r.offset-h/2, h)
	case keyMatches(msg, k.HalfDown):
		r.offset = r.clampOffset(r.offset+h/2, h)
	case keyMatches(msg, k.Top):
		r.offset = 0
	case keyMatches(msg, k.Bottom):
		r.offset = r.clampOffset(len(r.lines), h)
	}
}

// view renders the visible lines, marking find matches, plus a find line.
func (r reader) view(st Styles, w, h int, marked, read bool) string {
	bodyH := h - 1
	var b strings.Builder
	off := r.clampOffset(r.offset, bodyH)
	for i := off; i < len(r.lines) && i < off+bodyH; i++ {
		line := r.lines[i]
		if r.term != "" {
			line = markFind(st, r.plain[i], r.term, line, r.currentStart(i))
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	for i := len(r.lines) - off; i < bodyH; i++ {
		b.WriteByte('\n')
	}
	b.WriteString(r.footer(st, w, bodyH, marked, read))
	return b.String()
}

func (r reader) footer(st Styles, w, h int, marked, read bool) string {
	if r.finding {
		return r.find.View()
	}
	left := r.footerText(st, w)
	if read {
		left = st.Hint.Render("✓ ") + left
	}
	if marked {
		left = st.Filter.Render("★ ") + left
	}
	pos := r.scrollPosition(h)
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(pos) - 1
	if gap < 0 {
		left, gap = ansi.Truncate(left, max(0, w-ansi.StringWidth(pos)-2), "…"), 1
	}
	return left + strings.Repeat(" ", gap+1) + st.Position.Render(pos)
}

// scrollPosition says where the h visible lines are in the paper, as less
// does: "all", "top", "bottom" or the percentage read so far.
func (r reader) scrollPosition(h int) string {
	off := r.clampOffset(r.offset, h)
	switch {
	case len(r.lines) <= h:
		return "all"
	case off == 0:
		return "top"
	case off+h >= len(r.lines):
		return "bottom"
	}
	return fmt.Sprintf("%d%%", (off+h)*100/len(r.lines))
}

func (r reader) footerText(st Styles, w int) string {
	if r.term != "" {
		if len(r.matches) == 0 {
			return st.Error.Render(fmt.Sprintf("no match for %q", r.term))
		}
		return st.Status.Render(fmt.Sprintf("match %d of %d for %q · n/N next/previous · esc clears",
			r.match+1, len(r.matches), r.term))
	}
	return st.Hint.Render(ansi.Truncate("q/esc back · [ ] other papers · / find · PMID "+oneLine(r.hit.Paper.PMID), w, "…"))
}
