package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
)

// View renders what the model holds; it computes nothing expensive: the
// reader's text is wrapped on open and resize, not here.
func (m Model) View() tea.View {
	v := tea.NewView(m.frame.content(m.version, m.render))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Follicle"
	return v
}

func (m Model) render() string {
	if m.width == 0 || m.height == 0 {
		return "Starting Follicle…"
	}
	l := computeLayout(m.width, m.height)
	if l.tooSmall {
		return m.tooSmallView()
	}
	rows := []string{m.searchBar(), m.filterBar()}
	if !l.wide && m.reader == nil {
		rows = append(rows, m.tabBar())
	}
	rows = append(rows, m.body(l), m.statusLine(), m.helpLine())
	return strings.Join(rows, "\n")
}

func (m Model) tooSmallView() string {
	msg := fmt.Sprintf("Terminal too small: %d×%d.\nFollicle needs at least %d×%d.\nEnlarge the window, or press q to quit.",
		m.width, m.height, minWidth, minHeight)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.styles.Error.Render(msg))
}

func (m Model) body(l layout) string {
	switch {
	case m.overlay.kind != overlayNone:
		return lipgloss.Place(l.body.w, l.body.h, lipgloss.Center, lipgloss.Center, m.overlayView())
	case m.showHelp:
		return lipgloss.Place(l.body.w, l.body.h, lipgloss.Center, lipgloss.Center, m.helpBox(l.body))
	case m.reader != nil:
		return m.readerView(l)
	case l.wide:
		left := append(m.condsView(l.conds, true), m.drugsView(l.drugs, true)...)
		return joinColumns(left, m.papersView(l.papers, true))
	}
	switch m.shownPane() {
	case focusConditions:
		return joinColumns(m.condsView(l.body, false))
	case focusDrugs:
		return joinColumns(m.drugsView(l.body, false))
	default:
		return joinColumns(m.papersView(l.body, false))
	}
}

// querySyntaxHelp is the short reminder of the query language.
const querySyntaxHelp = `words (all must match)  OR  NOT  (…)  "a phrase"  -not  field:value  fuzzy~1  pref*
fields: title abstract author journal mesh keyword type condition drug year pmid doi tag note
PubMed: alopecia[tiab]  "hair loss"[mh]  smith j[au]  2019:2024[dp]  review[pt]  english[la]`

// In the wide layout each pane's title names it; in the narrow one the tab
// bar names the pane and the title says what its count counts.
func (m Model) condsView(r rect, wide bool) []string {
	title := fmt.Sprintf("Conditions %d", m.conds.withCount())
	if !wide {
		title = fmt.Sprintf("%d of %d conditions have matching papers", m.conds.withCount(), len(m.conds.allRows))
	}
	title += m.conds.titleSuffix()
	return boxed(m.styles, r, title, m.conds.position(), m.conds.view(m.styles, m.stylesGen, r.inner().w, r.inner().h, m.focus == focusConditions), m.focus == focusConditions)
}

func (m Model) drugsView(r rect, wide bool) []string {
	title := fmt.Sprintf("Drugs %d", m.drugs.withCount())
	if !wide {
		title = fmt.Sprintf("%d of %d drugs have matching papers", m.drugs.withCount(), len(m.drugs.allRows))
	}
	title += m.drugs.titleSuffix()
	return boxed(m.styles, r, title, m.drugs.position(), m.drugs.view(m.styles, m.stylesGen, r.inner().w, r.inner().h, m.focus == focusDrugs), m.focus == focusDrugs)
}

func (m Model) papersView(r rect, wide bool) []string {
	in := r.inner()
	cur := m.papers.cur.clamp(len(m.papers.hits), m.papers.visibleRows(in.h))
	key := papersKey{hits: m.hitsGen, pos: cur.pos, offset: cur.offset, r: r, styles: m.stylesGen, state: m.stateSeq,
		focused: m.focus == focusPapers, searching: m.searching && len(m.papers.hits) == 0, total: m.total, sort: m.sort, wide: wide,
		compact: m.papers.compact}
	if c := m.papersCache; c != nil && c.valid && c.key == key {
		return c.lines
	}
	title := fmt.Sprintf("Papers %d · %s", m.total, m.sort)
	if !wide {
		title = fmt.Sprintf("%s · %s", papersCount(m.total), m.sort)
	}
	marks := func(pmid string) (bool, bool, []string) {
		return m.isMarked(pmid), m.isRead(pmid), m.personal.Tags[pmid]
	}
	lines := boxed(m.styles, r, title, m.papers.position(), m.papers.view(m.styles, in.w, in.h, m.focus == focusPapers, m.searching, marks), m.focus == focusPapers)
	if m.papersCache != nil {
		*m.papersCache = papersCache{key: key, lines: lines, valid: true}
	}
	return lines
}

// papersCache keeps the papers pane's rendering: typing in the search box
// redraws the screen many times before new results change this pane.
type papersCache struct {
	key   papersKey
	lines []string
	valid bool
}

// papersKey is everything the papers pane's rendering depends on.
type papersKey struct {
	hits, pos, offset, styles, state, total int
	r                                       rect
	focused, searching, wide, compact       bool
	sort                                    index.Sort
}

func (m Model) readerView(l layout) string {
	w := m.readerWidth()
	pmid := m.reader.hit.Paper.PMID
	content := m.reader.view(m.styles, w, l.body.h, m.isMarked(pmid), m.isRead(pmid))
	lines := strings.Split(content, "\n")
	margin := strings.Repeat(" ", max(0, (l.body.w-w)/2))
	for i, line := range lines {
		lines[i] = fitLine(margin+line, l.body.w)
	}
	return strings.Join(lines, "\n")
}

func (m Model) searchBar() string {
	prompt := m.styles.SearchPrompt.Render("Follicle ")
	if m.focus == focusSearch {
		prompt += m.styles.SearchPrompt.Render("/ ")
	} else {
		prompt += m.styles.Hint.Render("/ ")
	}
	in := m.input
	in.SetWidth(max(10, m.width-lipgloss.Width(prompt)-1))
	if m.focus == focusSearch {
		// The placeholder invites the user to press /; once typing it is
		// noise under the cursor.
		in.Placeholder = ""
	}
	return fitLine(prompt+in.View(), m.width)
}

// filterBar is the line under the search box: how the query was understood
// (see understood), then the active filters.
func (m Model) filterBar() string {
	query := m.understood.parts(m.styles)
	if m.filters.empty() && !m.markedOnly {
		if len(query) > 0 {
			return fitLine(strings.Join(query, "  "), m.width)
		}
		return fitLine(m.styles.Hint.Render("No filters · enter on a condition or drug narrows everything to it"), m.width)
	}
	parts := append(query, m.styles.Label.Render("Filters:"))
	lib := m.cfg.Library
	for _, name := range append(lib.EntityNames(m.filters.conditions), lib.EntityNames(m.filters.drugs)...) {
		parts = append(parts, m.styles.Filter.Render("● "+oneLine(name)))
	}
	if m.filters.source != "" {
		parts = append(parts, m.styles.Filter.Render("● "+m.filters.source+" only"))
	}
	if m.markedOnly {
		parts = append(parts, m.styles.Filter.Render(fmt.Sprintf("● reading list (%d)", len(m.personal.Marked))))
	}
	parts = append(parts, m.styles.Hint.Render("(x clears)"))
	return fitLine(strings.Join(parts, "  "), m.width)
}

func (m Model) tabBar() string {
	tabs := []struct {
		f     focus
		label string
	}{
		{focusConditions, "Conditions"},
		{focusDrugs, "Drugs"},
		{focusPapers, "Papers"},
	}
	var out []string
	for _, t := range tabs {
		style := m.styles.Tab
		if t.f == m.shownPane() {
			style = m.styles.TabActive
		}
		out = append(out, style.Render(t.label))
	}
	return fitLine(strings.Join(out, " ")+m.styles.Hint.Render("  tab switches"), m.width)
}

func (m Model) statusLine() string {
	var left string
	switch {
	case m.errText != "":
		left = m.styles.Error.Render(ansi.Truncate(m.errText, m.width-2, "…"))
	case m.notice != "":
		left = m.styles.Filter.Render(ansi.Truncate(oneLine(m.notice), m.width-2, "…"))
	case m.toEnd:
		left = m.styles.Status.Render(fmt.Sprintf("%s · loading to the end: %d in…", papersCount(m.total), len(m.papers.hits)))
	case m.searching && len(m.papers.hits) == 0:
		// Only an empty screen says "searching…": while typing over results,
		// the last figures stay until new ones arrive, so the status line
		// does not flicker on every keystroke.
		left = m.styles.Status.Render(papersCount(m.total) + " · searching…")
	case m.cfg.Timings:
		left = m.styles.Status.Render(fmt.Sprintf("%s · %s · sort: %s", papersCount(m.total), formatTook(m.took), m.sort))
	default:
		left = m.styles.Status.Render(fmt.Sprintf("%s · sort: %s", papersCount(m.total), m.sort)) + m.suggestionHint()
	}
	return fitLine(left, m.width)
}

// papersCount is "1 paper", "2 papers".
func papersCount(n int) string {
	if n == 1 {
		return "1 paper"
	}
	return fmt.Sprintf("%d papers", n)
}

// formatTook shows a search time with a useful precision.
func formatTook(d time.Duration) string {
	if d < time.Millisecond {
		return fmt.Sprintf("%dµs", d.Microseconds())
	}
	return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
}

// frameCache remembers the last frame and the model version it shows.
// Update bumps the version for every message that may change what is on
// screen, so a message that changes nothing (a stale debounce tick, a stale
// search result) costs no rendering: frames are many on a shared server.
type frameCache struct {
	version int
	frame   string
	valid   bool
}

func (c *frameCache) content(version int, render func() string) string {
	if c == nil {
		return render()
	}
	if !c.valid || c.version != version {
		c.frame, c.version, c.valid = render(), version, true
	}
	return c.frame
}
