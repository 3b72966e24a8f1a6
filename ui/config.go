package ui

import (
	"context"
	"os/exec"
	"time"

	"github.com/follicle/follicle/store"
)

// Config is what the UI needs from its caller.
type Config struct {
	Searcher Searcher
	Library  *store.Library
	// Debounce is the typing pause before a search starts.
	Debounce time.Duration
	// SearchTimeout bounds one search.
	SearchTimeout time.Duration
	// PageSize is how many papers one search fetches; more load as the
	// cursor nears the end. Defaults to 100.
	PageSize int
	// State persists the user's marks, read status, tags, notes and saved
	// searches; nil turns those features off.
	State StateStore
	// User names whose state this is ("" locally; a key fingerprint over SSH).
	User string
	// Anonymous is a session that keeps nothing (an anonymous SSH user):
	// the keys for marks, tags, notes, saved searches and export are off
	// and left out of the footer and the help.
	Anonymous bool
	// Personal is the user's state as loaded at start.
	Personal store.Personal
	// OpenURL opens a link in the user's browser; nil (over SSH) copies the
	// link instead.
	OpenURL func(url string) error
	// ExternalEditor prepares $EDITOR on a copy of a note and returns the
	// command and how to read the result; nil (no editor, or over SSH)
	// keeps notes in the built-in editor.
	ExternalEditor func(initial string) (*exec.Cmd, func() (string, error), error)
	// Export writes an export and returns its path (nil turns export off).
	Export Exporter
	// ExportTo names where exports go, for the export menu.
	ExportTo string
	// ExportHint, in a served session (Export nil), is the command line
	// that exports from the user's side ("ssh -p 2222 HOST export"): the
	// menu shows it and copies small exports to the clipboard instead.
	ExportHint string
	// ReadAfter is how long a paper stays open before it counts as read
	// (default 8s; negative turns it off).
	ReadAfter time.Duration
	// Theme is ThemeAuto (or ""), ThemeLight or ThemeDark: a fixed theme
	// ignores the terminal's answer about its background.
	Theme string
	// ColorFGBG is the COLORFGBG the user's terminal set, consulted when
	// the terminal does not say what its background is.
	ColorFGBG string
	// Timings shows each search's time in the status line (a developer's
	// figure: follicle --debug).
	Timings bool
	// Context, when cancelled, cancels in-flight searches (an SSH session
	// ending, for example). Defaults to context.Background().
	Context context.Context
}
