package ui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/export"
)

// exportDoneMsg reports a finished export.
type exportDoneMsg struct {
	path string
	n    int
	err  error
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
		if m.cfg.Export == nil {
			m.notice = "export is not available in this session"
			return m, nil
		}
		req := m.request()
		req.Offset, req.Limit, req.Export = 0, 0, true // every match
		m.notice = "exporting…"
		return m, exportCmd(m.cfg.Context, m.cfg.Searcher, req, c.format, m.cfg.Export)
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
		if len(papers) != res.Total {
			return exportDoneMsg{err: fmt.Errorf("found %d papers but read %d; nothing was written", res.Total, len(papers))}
		}
		path, err := write(f, papers)
		return exportDoneMsg{path: path, n: len(papers), err: err}
	}
}

// Exporter writes papers in a format somewhere and says where; the caller
// decides (a directory locally). The UI itself opens no file.
type Exporter func(f export.Format, papers []*store.Paper) (string, error)

func (m Model) applyExport(msg exportDoneMsg) Model {
	if msg.err != nil {
		m.notice = ""
		m.errText = "export failed: " + oneLine(msg.err.Error())
		return m
	}
	m.notice = fmt.Sprintf("exported %d papers to %s", msg.n, msg.path)
	return m
}
