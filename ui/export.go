package ui

import (
	"context"
	"fmt"
	"maps"
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
}{{"b", export.BibTeX}, {"r", export.RIS}, {"m", export.MEDLINE}, {"c", export.CSV}, {"v", export.Vancouver},
	{"s", export.Markdown}}

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
		if m.total == 0 && !m.searching {
			m.notice = "nothing to export: no paper is shown"
			return m, nil
		}
		req := m.request()
		req.Offset, req.Limit, req.Export = 0, 0, true // every match
		m.notice = "exporting…"
		// Copies: the command runs off the event loop while edits go on.
		ann := annotations{tags: maps.Clone(m.personal.Tags), notes: maps.Clone(m.personal.Notes)}
		return m, exportCmd(m.cfg.Context, m.cfg.Searcher, req, c.format, ann, m.cfg.Export)
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

// Exporter writes papers (with the user's tags and notes) in a format
// somewhere and says where; the caller decides (a directory locally). The UI
// itself opens no file.
type Exporter func(f export.Format, items []export.Item) (string, error)

func (m Model) applyExport(msg exportDoneMsg) Model {
	if msg.err != nil {
		m.notice = ""
		m.errText = "export failed: " + oneLine(msg.err.Error())
		return m
	}
	if msg.n == 0 {
		m.notice = "nothing to export: no paper matches"
		return m
	}
	m.notice = fmt.Sprintf("exported %s to %s", papersCount(msg.n), msg.path)
	return m
}
