package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite"

	"github.com/follicle/follicle/store"
)

// fts5 is the side-by-side peer: SQLite FTS5 (pure Go) over the same
// papers, with an external-content table, bm25() ranking and snippet().
type fts5 struct{ db *sql.DB }

func buildFTS5(ctx context.Context, dir string, papers []store.Paper) (*fts5, error) {
	db, err := sql.Open("sqlite", filepath.Join(dir, "fts5.db"))
	if err != nil {
		return nil, err
	}
	stmts := []string{
		`PRAGMA journal_mode=WAL`, `PRAGMA synchronous=OFF`,
		`CREATE TABLE papers(id INTEGER PRIMARY KEY, pmid TEXT, title TEXT, abstract TEXT, year INTEGER)`,
		`CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, content='papers', content_rowid='id', tokenize='porter unicode61')`,
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return nil, fmt.Errorf("fts5: %s: %w", s, err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	ins, _ := tx.PrepareContext(ctx, `INSERT INTO papers(id, pmid, title, abstract, year) VALUES (?, ?, ?, ?, ?)`)
	for i, p := range papers {
		if _, err := ins.ExecContext(ctx, i+1, p.PMID, p.Title, p.Text(), p.Year); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO papers_fts(papers_fts) VALUES('rebuild')`); err != nil {
		return nil, err
	}
	return &fts5{db: db}, nil
}

// search runs an FTS5 MATCH, best first, one page of 50 with snippets, and
// the total count: what the explorer shows for a query.
func (f *fts5) search(ctx context.Context, match string) (int, error) {
	rows, err := f.db.QueryContext(ctx, `SELECT p.pmid, snippet(papers_fts, 1, '[', ']', '…', 12)
		FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts) LIMIT 50`, match)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
	}
	rows.Close()
	var n int
	err = f.db.QueryRowContext(ctx, `SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?`, match).Scan(&n)
	return n, err
}

// ftsQuery translates a query class into FTS5 syntax.
func ftsQuery(q query) string {
	switch q.class {
	case "phrase":
		return `"` + strings.Trim(q.text, `"`) + `"`
	case "and":
		return strings.Join(strings.Fields(strings.ReplaceAll(q.text, "+", "")), " AND ")
	case "or":
		return q.text // "a OR b" in both languages
	case "not":
		f := strings.Fields(q.text)
		return strings.TrimPrefix(f[0], "+") + " NOT " + strings.TrimPrefix(f[1], "-")
	case "prefix":
		return q.text + "*"
	case "field":
		return "title : " + strings.TrimPrefix(q.text, "title:")
	}
	return q.text
}
