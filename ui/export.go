package ui

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/export"
)

// exportDoneMsg reports a finished export: written to path, or (in a
// served session) rendered as clip for the clipboard, or too large for it.
type exportDoneMsg struct {
	path    string
	n       int
	err     error
	clip    string
	format  export.Format
	tooLong bool
}

// exportChoices are the export menu's keys and formats.
var exportChoices = []struct {
	key    string
	format export.Format
}{{"b", export.BibTeX}, {"r", export.RIS}, {"m", export.MEDLINE}, {"c", export.CSV}, {"v", export.Vancouver},
	{"s", export.Markdown}}

// exportKey starts the export the menu key asks for.
func (m Model) exportKey(k string) (tea.Model, tea.Cmd) {
	for _, c := range exportChoices {
		if c.key != k {
			continue
		}
		m.overlay = overlay{}
		if m.total == 0 && !m.searching {
			m.notice = "nothing to export: no paper is shown"
			return m, nil
		}
		req := m.request()
		req.Offset, req.Limit, req.Export = 0, 0, true // every match
		switch {
		case m.cfg.Export != nil:
			m.notice = "exporting…"
			// Copies: the command runs off the event loop while edits go on.
			ann := annotations{tags: maps.Clone(m.personal.Tags), notes: maps.Clone(m.personal.Notes)}
			return m, exportCmd(m.cfg.Context, m.cfg.Searcher, req, c.format, ann, m.cfg.Export)
		case m.cfg.ExportHint != "":
			m.notice = "exporting…"
			return m, clipboardExportCmd(m.cfg.Context, m.cfg.Searcher, req, c.format)
		}
		m.notice = "export is not available in this session"
		return m, nil
	}
	return m, nil
}

// annotations are the user's tags and notes by PMID, exported with the
// papers.
type annotations struct {
	tags  map[string][]string
	notes map[string]string
}

// exportCmd writes every paper the request matches (the current filtered
// set, or the reading list), with the user's tags and notes, through the
// caller's exporter.
func exportCmd(ctx context.Context, s Searcher, req index.Request, f export.Format, ann annotations, write Exporter) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		res, err := s.Search(ctx, req)
		if err != nil {
			return exportDoneMsg{err: err}
		}
		papers := make([]*store.Paper, 0, len(res.Hits))
		for _, h := range res.Hits {
			papers = append(papers, h.Paper)
		}
		if len(papers) == 0 {
			return exportDoneMsg{} // no empty file
		}
		if len(papers) != res.Total {
			return exportDoneMsg{err: fmt.Errorf("found %d papers but read %d; nothing was written", res.Total, len(papers))}
		}
		path, err := write(f, export.Annotate(papers, ann.tags, ann.notes))
		return exportDoneMsg{path: path, n: len(papers), err: err}
	}
}

// clipboardExportCmd renders the papers the request matches for the
// clipboard, where a served session's exports go (its files would be on
// the server); one longer than maxClipboard is not sent.
func clipboardExportCmd(ctx context.Context, s Searcher, req index.Request, f export.Format) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		res, err := s.Search(ctx, req)
		if err != nil {
			return exportDoneMsg{err: err}
		}
		papers := make([]*store.Paper, 0, len(res.Hits))
		for _, h := range res.Hits {
			papers = append(papers, h.Paper)
		}
		var b strings.Builder
		if err := export.Write(&b, f, papers); err != nil {
			return exportDoneMsg{err: err}
		}
		if b.Len() > maxClipboard {
			return exportDoneMsg{n: len(papers), format: f, tooLong: true}
		}
		return exportDoneMsg{n: len(papers), format: f, clip: b.String()}
	}
}

// remoteExportCommand is the command line that writes the current export
// to a file on the user's side, for the menu and the notices.
func (m Model) remoteExportCommand(f export.Format) string {
	marked := ""
	if m.markedOnly {
		marked = " --marked"
	}
	return fmt.Sprintf("%s --format %s%s > papers%s", m.cfg.ExportHint, f, marked, f.Extension())
}

// Exporter writes papers (with the user's tags and notes) in a format
// somewhere and says where; the caller decides (a directory locally). The UI
// itself opens no file.
type Exporter func(f export.Format, items []export.Item) (string, error)

func (m Model) applyExport(msg exportDoneMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.notice = ""
		m.errText = "export failed: " + oneLine(msg.err.Error())
	case msg.tooLong:
		m.notice = fmt.Sprintf("%s are too many for the clipboard; for a file run: %s", papersCount(msg.n), m.remoteExportCommand(msg.format))
	case msg.clip != "":
		m.notice = fmt.Sprintf("copied %s as %s to your clipboard", papersCount(msg.n), msg.format)
		return m, tea.SetClipboard(msg.clip)
	case msg.n == 0:
		m.notice = "nothing to export: no paper matches"
	default:
		m.notice = fmt.Sprintf("exported %s to %s", papersCount(msg.n), msg.path)
	}
	return m, nil
}
