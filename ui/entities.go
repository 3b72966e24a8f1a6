package ui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// entityRow is one line of the conditions or drugs pane.
type entityRow struct {
	entity *store.Entity
	count  int
	active bool
}

// entityPane lists every condition (or drug) with its paper count under the
// current search and filters. Active filters come first, then by count, then
// by name; entities with no matching paper stay listed, dimmed.
type entityPane struct {
	title string
	all   []*store.Entity
	rows  []entityRow // the rows shown: allRows narrowed by filter
	// allRows is every entity in display order; filter (typed after F)
	// narrows it by any of the entity's names, and filtering says the
	// keys go to the filter.
	allRows   []entityRow
	filter    string
	filtering bool
	cur       listCursor
	// moved is set once the user moves the cursor; until then it stays on
	// the top row (the most frequent entity) as the rows re-sort.
	moved bool
	// gen counts row rebuilds; cache keeps the last rendering, which a
	// keystroke in the search box does not change.
	gen   int
	cache *paneCache
}

// paneCache is the rendering of a pane for one state of it.
type paneCache struct {
	key   paneKey
	lines string
	valid bool
}

// paneKey is everything an entity pane's rendering depends on.
type paneKey struct {
	gen, pos, offset, w, h, styles int
	focused                        bool
}

func newEntityPane(title string, all []*store.Entity) entityPane {
	p := entityPane{title: title, all: all, cache: &paneCache{}}
	p.setCounts(nil, nil)
	return p
}

// setCounts rebuilds the rows from a facet. A cursor the user has moved
// stays on the same entity while it still has matches (or is a filter);
// otherwise, and when untouched, it goes to the top row.
func (p *entityPane) setCounts(counts []index.FacetCount, active []string) {
	selected := p.selectedID()
	byID := make(map[string]int, len(counts))
	for _, c := range counts {
		byID[c.Value] = c.Count
	}
	isActive := map[string]bool{}
	for _, id := range active {
		isActive[id] = true
	}
	rows := make([]entityRow, 0, len(p.all))
	for _, e := range p.all {
		rows = append(rows, entityRow{entity: e, count: byID[e.ID], active: isActive[e.ID]})
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].active != rows[j].active {
			return rows[i].active
		}
		return rows[i].count > rows[j].count
	})
	p.allRows = rows
	p.rows = p.narrow(rows)
	p.gen++
	// The view starts again at the top, where the matches are: a cursor
	// that kept an entity with no match would drag the viewport down among
	// the zeros and hide every match.
	p.cur = listCursor{}
	if !p.moved {
		return
	}
	for i, r := range rows {
		if r.entity.ID == selected && (r.count > 0 || r.active) {
			p.cur.pos = i
		}
	}
}

// update handles the pane's own keys: movement, and Select, for which it
// returns the entity to toggle as a filter.
func (p *entityPane) update(msg tea.KeyPressMsg, k KeyMap, visible int) (toggleID string) {
	if cur, ok := p.cur.navigate(k, msg, len(p.rows), visible); ok {
		p.cur, p.moved = cur, true
		return ""
	}
	if keyMatches(msg, k.Select) {
		return p.selectedID()
	}
	return ""
}

func (p entityPane) selectedID() string {
	if p.cur.pos < 0 || p.cur.pos >= len(p.rows) {
		return ""
	}
	return p.rows[p.cur.pos].entity.ID
}

// withCount returns how many entities have at least one matching paper.
func (p entityPane) withCount() int {
	n := 0
	for _, r := range p.allRows {
		if r.count > 0 {
			n++
		}
	}
	return n
}

// view renders the rows that fit in w×h (inside the pane border), reusing
// the last rendering when nothing it shows has changed. stylesGen tells
// which Styles value is in use.
func (p entityPane) view(st Styles, stylesGen, w, h int, focused bool) string {
	cur := p.cur.clamp(len(p.rows), h)
	key := paneKey{gen: p.gen, pos: cur.pos, offset: cur.offset, w: w, h: h, styles: stylesGen, focused: focused}
	if p.cache != nil && p.cache.valid && p.cache.key == key {
		return p.cache.lines
	}
	out := p.render(st, cur, w, h, focused)
	if p.cache != nil {
		*p.cache = paneCache{key: key, lines: out, valid: true}
	}
	return out
}

func (p entityPane) render(st Styles, cur listCursor, w, h int, focused bool) string {
	lines := make([]string, 0, h)
	for i := cur.offset; i < len(p.rows) && len(lines) < h; i++ {
		lines = append(lines, p.rowView(st, p.rows[i], w, focused && i == cur.pos))
	}
	switch {
	case len(p.rows) == 0 && p.filter != "":
		lines = append(lines, st.Hint.Render(ansi.Truncate("  no name contains "+strconv.Quote(p.filter), w, "…")))
	case len(p.rows) == 0:
		lines = append(lines, st.Hint.Render("nothing in the lexicon"))
	}
	return strings.Join(lines, "\n")
}

func (p entityPane) rowView(st Styles, r entityRow, w int, selected bool) string {
	marker := "  "
	if r.active {
		marker = "● "
	}
	if selected && st.Colourless {
		marker = "▸" + marker[:len(marker)-1] // the row shows without colour
	}
	count := fmt.Sprintf("%d", r.count)
	// Widths in cells: "● " is two cells but four bytes.
	markerW := ansi.StringWidth(marker)
	nameWidth := max(1, w-markerW-len(count)-1)
	name := ansi.Truncate(sanitize(r.entity.Name), nameWidth, "…")
	pad := max(0, w-markerW-lipgloss.Width(name)-len(count))
	line := marker + name + strings.Repeat(" ", pad) + count
	switch {
	case selected:
		return st.RowSelected.Render(line)
	case r.active:
		return st.RowActive.Render(line)
	case r.count == 0:
		return st.RowZero.Render(line)
	default:
		return st.Row.Render(marker+name+strings.Repeat(" ", pad)) + st.Count.Render(count)
	}
}

// position is where the cursor is in the list, "3/76", for the pane's
// bottom edge.
func (p entityPane) position() string {
	if len(p.rows) == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", min(p.cur.pos, len(p.rows)-1)+1, len(p.rows))
}

// narrow keeps the rows whose entity has a name, abbreviation, synonym,
// brand or code containing the filter (any case).
func (p entityPane) narrow(rows []entityRow) []entityRow {
	if p.filter == "" {
		return rows
	}
	needle := strings.ToLower(p.filter)
	var out []entityRow
	for _, r := range rows {
		for _, n := range append(r.entity.Names(), r.entity.Abbreviations...) {
			if strings.Contains(strings.ToLower(n), needle) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// setFilter narrows the pane to filter and puts the cursor on the first
// row left.
func (p *entityPane) setFilter(filter string) {
	p.filter = filter
	p.rows = p.narrow(p.allRows)
	p.cur = listCursor{}
	p.gen++
}

// filterKey edits the pane's filter while the user types it: Enter keeps
// it and goes back to moving, Esc clears it.
func (p *entityPane) filterKey(msg tea.KeyPressMsg) {
	switch msg.String() {
	case "enter", "down", "up":
		p.filtering = false
	case "esc":
		p.filtering = false
		p.setFilter("")
	case "backspace":
		if r := []rune(p.filter); len(r) > 0 {
			p.setFilter(string(r[:len(r)-1]))
		}
	default:
		if msg.Text != "" {
			p.setFilter(p.filter + sanitize(msg.Text))
		}
	}
}

// titleSuffix shows the filter in the pane's title.
func (p entityPane) titleSuffix() string {
	switch {
	case p.filtering:
		return " · filter: " + p.filter + "▏"
	case p.filter != "":
		return " · filter: " + p.filter
	}
	return ""
}
