// Package ui is Follicle's terminal interface: one root Bubble Tea model
// that routes messages to a search box, the conditions, drugs and papers
// panes, and a reader for one paper.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// focus is which part of the screen receives keys.
type focus int

const (
	focusConditions focus = iota
	focusDrugs
	focusPapers
	focusSearch
)

// ShutdownMsg tells a session that the server is about to stop.
type ShutdownMsg struct{}

// filters are the entities the user chose in the panes; a paper must be
// about all of them.
type filters struct {
	conditions []string
	drugs      []string
	source     string // "", store.OriginBundled or store.OriginImported
}

func (f filters) empty() bool {
	return len(f.conditions) == 0 && len(f.drugs) == 0 && f.source == ""
}

// nextSource cycles all papers → bundled only → imported only.
func nextSource(s string) string {
	switch s {
	case "":
		return store.OriginBundled
	case store.OriginBundled:
		return store.OriginImported
	default:
		return ""
	}
}

// Model is the root model. It owns the layout and the search state and hands
// keys to the focused part.
type Model struct {
	cfg    Config
	keys   KeyMap
	styles Styles
	help   help.Model
	// dark and colour are what the styles are built for; themeFixed says
	// --theme chose the background.
	dark, colour, themeFixed bool

	width, height int
	focus         focus
	lastPane      focus // the pane that had focus before the search box
	showHelp      bool
	helpOffset    int
	helpFilter    string // narrows the help overlay's keys
	helpFiltering bool   // typing goes to helpFilter

	input  textinput.Model
	conds  entityPane
	drugs  entityPane
	papers papersPane
	reader *reader

	filters filters
	sort    index.Sort
	undo    *searchState // what x last cleared, for u
	// histPos is the history entry shown in the search box while ↑/↓ walk
	// it (-1: the user's own text, kept in draft).
	histPos int
	draft   string

	typingSeq   int // bumped on every edit of the query
	searchSeq   int // bumped on every search started
	searching   bool
	loadingMore bool
	toEnd       bool // G asked for the last paper: pages load until it is in
	cancel      context.CancelFunc
	total       int
	took        time.Duration
	errText     string
	understood  understood // how the shown results' query was read

	personal   store.Personal
	writer     *stateWriter
	stateSeq   int
	markedOnly bool
	overlay    overlay
	notice     string // a one-off message for the status line
	suggestion string // "did you mean": the last result's corrected query
	opened     int    // counts reader openings, to time "read"

	// version counts messages that may change the screen; frame caches the
	// rendering of the latest version.
	version     int
	frame       *frameCache
	stylesGen   int // bumped whenever styles change, for the pane caches
	hitsGen     int // bumped whenever the papers pane's hits change
	papersCache *papersCache
}

// DefaultDebounce is the typing pause before a search starts, when Config
// gives none. A search for the last key must show within 50 ms: the pause,
// the search (≤ 10 ms at 200,000 papers) and the wait for the next frame
// must fit, and a pause of 20 ms still lets a burst of keys (a paste, a
// held key) run one search instead of one per key. A slower search is
// cancelled by the next key anyway.
const DefaultDebounce = 20 * time.Millisecond

// LocalFPS is the frame rate of the explorer in a local terminal: at 60
// frames a typed character waited up to a frame and a half (p99 14 ms,
// BenchmarkTypingEcho); at 120 it shows within 9 ms. A frame is only
// written when the view changed, so the idle cost is a timer.
const LocalFPS = 120

// New returns the root model for cfg.
func New(cfg Config) Model {
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	if cfg.SearchTimeout <= 0 {
		cfg.SearchTimeout = 2 * time.Second
	}
	if cfg.ReadAfter == 0 {
		cfg.ReadAfter = readAfter
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	in := newInput()
	in.Prompt = ""
	in.Placeholder = "search titles, text, authors, MeSH… (/ to type)"
	in.CharLimit = index.MaxQueryLength
	m := Model{
		cfg:      cfg,
		keys:     NewKeyMap(),
		colour:   true,
		help:     help.New(),
		input:    in,
		focus:    focusPapers,
		lastPane: focusPapers,
		histPos:  -1,
		// The opening search starts with Init; until it answers the
		// status line says so instead of showing zero papers.
		searching: true,
	}
	m.dark, m.themeFixed = initialTheme(cfg.Theme, cfg.ColorFGBG)
	m.applyStyles()
	m.personal = cfg.Personal
	if m.personal.Marked == nil {
		m.personal = emptyPersonal()
	}
	m.writer = newStateWriter(cfg.State)
	if cfg.Anonymous {
		m.keys = m.keys.withoutPersonal()
	}
	m.frame = &frameCache{}
	m.papersCache = &papersCache{}
	if cfg.Library != nil {
		m.conds = newEntityPane("Conditions", cfg.Library.Conditions())
		m.drugs = newEntityPane("Drugs", cfg.Library.Drugs())
	}
	return m
}

// Init asks the terminal for its background colour and runs the opening
// search (everything, all facets).
func (m Model) Init() tea.Cmd {
	if m.themeFixed {
		return m.firstSearch()
	}
	return tea.Batch(tea.RequestBackgroundColor, m.firstSearch())
}

func (m Model) firstSearch() tea.Cmd {
	return searchCmd(m.cfg.Context, m.cfg.Searcher, m.request(), 0, false, m.cfg.SearchTimeout)
}

// request is the search the screen currently asks for: the query with its
// tag: and note: terms resolved against the user's state, the filters, the
// reading list when only it is shown, and the sort.
func (m Model) request() index.Request {
	r := m.baseRequest()
	m.restrictions(&r)
	return r
}

func (m Model) baseRequest() index.Request {
	return index.Request{
		Text:       m.input.Value(),
		Prefix:     true,
		Conditions: m.filters.conditions,
		Drugs:      m.filters.drugs,
		Source:     m.filters.source,
		Sort:       m.sort,
		Limit:      m.cfg.PageSize,
	}
}

// startSearch cancels any search in flight and starts the current one; with
// more it fetches the next page of the same search.
func (m *Model) startSearch(more bool) tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	ctx, cancel := context.WithCancel(m.cfg.Context)
	m.cancel = cancel
	m.searchSeq++
	req := m.request()
	if more {
		req.Offset = len(m.papers.hits)
		if m.toEnd {
			req.Limit = max(req.Limit, min(m.papers.total-req.Offset, endChunk))
		}
		m.loadingMore = true
	} else {
		m.searching = true
	}
	return searchCmd(ctx, m.cfg.Searcher, req, m.searchSeq, more, m.cfg.SearchTimeout)
}

// Update routes each message family to its handler.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.unchangedBy(msg) {
		return m.update(msg)
	}
	m.version++
	return m.update(msg)
}

// unchangedBy reports messages that cannot change what is on screen: stale
// debounce ticks and search results, and the tick that starts a search
// while results are shown (the status line keeps the last figures).
func (m Model) unchangedBy(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case debounceMsg:
		return msg.seq != m.typingSeq || len(m.papers.hits) > 0
	case searchResultMsg:
		return msg.seq != m.searchSeq
	}
	return false
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = ClampSize(msg.Width, msg.Height)
		m.help.SetWidth(m.width)
		m.relayoutReader()
		return m, nil
	case tea.BackgroundColorMsg, tea.ColorProfileMsg:
		return m.themeMsg(msg), nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg), nil
	case tea.MouseClickMsg:
		return m.handleClick(msg), nil
	case debounceMsg:
		if msg.seq != m.typingSeq {
			return m, nil
		}
		return m, m.startSearch(false)
	case searchResultMsg:
		m = m.applyResult(msg)
		return m, m.continueToEnd()
	case stateSavedMsg:
		if msg.err != nil {
			m.errText = "could not save " + msg.what + ": " + oneLine(msg.err.Error())
		}
		return m, nil
	case editorDoneMsg:
		if msg.err != nil {
			m.errText = "editor: " + oneLine(msg.err.Error())
			return m, nil
		}
		cmd := m.setNote(msg.pmid, msg.text)
		m.notice = "note on PMID " + msg.pmid + " saved from $EDITOR"
		m.relayoutReader()
		return m, cmd
	case openedMsg:
		if msg.err != nil {
			m.errText = "could not open " + msg.url + ": " + oneLine(msg.err.Error())
		} else {
			m.notice = "opened " + msg.url
		}
		return m, nil
	case exportDoneMsg:
		return m.applyExport(msg)
	case ShutdownMsg:
		m.errText = "the server is shutting down; your reading list, tags and notes are saved"
		return m, nil
	case readTickMsg:
		if m.reader != nil && msg.opened == m.opened && m.reader.hit.Paper.PMID == msg.pmid && !m.isRead(msg.pmid) {
			return m, m.setRead(msg.pmid, true)
		}
		return m, nil
	}
	return m.updateInput(msg)
}

// updateInput hands other messages (cursor blink, paste) to the search box
// and the reader's find box.
func (m Model) updateInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.overlay.kind == overlayNote {
		var cmd tea.Cmd
		m.overlay.area, cmd = m.overlay.area.Update(msg)
		return m, cmd
	}
	if m.overlay.kind != overlayNone {
		var cmd tea.Cmd
		m.overlay.input, cmd = m.overlay.input.Update(msg)
		return m, cmd
	}
	if m.reader != nil && m.reader.finding {
		var cmd tea.Cmd
		m.reader.find, cmd = m.reader.find.Update(msg)
		return m, cmd
	}
	if m.focus != focusSearch {
		return m, nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.typingSeq++
		return m, tea.Batch(cmd, debounceCmd(m.typingSeq, m.cfg.Debounce))
	}
	return m, cmd
}

// applyResult shows a search's outcome unless a newer search has started.
// An error keeps the previous results on screen.
func (m Model) applyResult(msg searchResultMsg) Model {
	if msg.seq != m.searchSeq {
		return m
	}
	if msg.more {
		m.loadingMore = false
	} else {
		m.searching = false
	}
	if msg.err != nil {
		m.errText = userError(msg.err)
		return m
	}
	m.errText = ""
	res := msg.result
	m.total, m.took = res.Total, res.Took
	if msg.more {
		m.papers.hits = append(m.papers.hits, res.Hits...)
		m.hitsGen++
		return m
	}
	m.toEnd = false
	m.papers = papersPane{hits: res.Hits, total: res.Total, compact: m.papers.compact}
	m.suggestion = res.Suggestion
	m.understood = understoodFrom(res)
	m.hitsGen++
	m.conds.setCounts(res.Conditions, msg.req.Conditions)
	m.drugs.setCounts(res.Drugs, msg.req.Drugs)
	m.clampPanes()
	return m
}

func (m *Model) relayoutReader() {
	if m.reader != nil {
		p := m.reader.hit.Paper.PMID
		m.reader.layout(m.styles, m.cfg.Library, m.readerWidth(), m.personal.Tags[p], m.personal.Notes[p])
	}
}

func (m Model) readerWidth() int { return max(20, min(m.width-4, 100)) }

// newInput returns a text input with a steady cursor: a blinking one redraws
// the screen twice a second, which costs every SSH session bandwidth for
// nothing.
func newInput() textinput.Model {
	in := textinput.New()
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}
