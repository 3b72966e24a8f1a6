package ui

import (
	"context"
	"fmt"
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
}{{"b", export.BibTeX}, {"r", export.RIS}, {"m", export.MEDLINE}, {"c", export.CSV}, {"v", export.Vancouver}}

// exportKey starts the export the menu key asks for.
func (m Model) exportKey(k string) (tea.Model, tea.Cmd) {
	for _, c := range exportChoices {
		if c.key != k {
			continue
		}
		m.overlay = overlay{}
		req := m.request()
		req.Offset, req.Limit, req.Export = 0, 10000, true
		switch {
		case m.cfg.Export != nil:
			m.notice = "exporting…"
			return m, exportCmd(m.cfg.Context, m.cfg.Searcher, req, c.format, m.cfg.Export)
		case m.cfg.ExportHint != "":
			m.notice = "exporting…"
			return m, clipboardExportCmd(m.cfg.Context, m.cfg.Searcher, req, c.format)
		}
		m.notice = "export is not available in this session"
		return m, nil
	}
	return m, nil
}

// exportCmd writes every paper the request matches (the current filtered
// set, or the reading list) through the caller's exporter.
func exportCmd(ctx context.Context, s Searcher, req index.Request, f export.Format, write Exporter) tea.Cmd {
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
		path, err := write(f, papers)
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

// Exporter writes papers in a format somewhere and says where; the caller
// decides (a directory locally). The UI itself opens no file.
type Exporter func(f export.Format, papers []*store.Paper) (string, error)

func (m Model) applyExport(msg exportDoneMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.notice = ""
		m.errText = "export failed: " + oneLine(msg.err.Error())
	case msg.tooLong:
		m.notice = fmt.Sprintf("%d papers are too many for the clipboard; for a file run: %s", msg.n, m.remoteExportCommand(msg.format))
	case msg.clip != "":
		m.notice = fmt.Sprintf("copied %d papers as %s to your clipboard", msg.n, msg.format)
		return m, tea.SetClipboard(msg.clip)
	default:
		m.notice = fmt.Sprintf("exported %d papers to %s", msg.n, msg.path)
	}
	return m, nil
}
