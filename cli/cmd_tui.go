package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"github.com/follicle/follicle/store/export"
	"github.com/follicle/follicle/ui"
)

const tuiUsage = `Usage: follicle [--home DIR] [--theme light|dark|auto] [--debug]

Opens the explorer on the bundled corpus: conditions, drugs and papers panes
linked by the search box and filters, and a reader for one paper. Press ? inside
for every key.
`

func runTUI(args []string) error {
	fs := newFlags("follicle")
	debug := fs.Bool("debug", false, "show each search's time in the status line")
	themeName := fs.String("theme", os.Getenv("FOLLICLE_THEME"), "light, dark or auto: auto asks the terminal, then COLORFGBG (env FOLLICLE_THEME)")
	pos, err := parseFlags(fs, tuiUsage, args)
	if err != nil {
		return err
	}
	theme, err := ui.ParseTheme(*themeName)
	if err != nil {
		return usageError{"--theme: " + err.Error()}
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	}
	p, err := resolvePaths(fs)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lib, ix, err := openLibraryAndIndex(p)
	if err != nil {
		return err
	}
	defer ix.Close()
	exportDir := filepath.Join(p.data, "exports")
	personal, err := loadPersonal(p)
	if err != nil {
		return err
	}
	model := ui.New(ui.Config{Searcher: ix, Library: lib, Context: ctx, State: p.stateFile(), Personal: personal,
		ExportTo:       exportDir,
		Timings:        *debug,
		Theme:          theme,
		ColorFGBG:      os.Getenv("COLORFGBG"),
		OpenURL:        localBrowser(),
		ExternalEditor: externalEditor(),
		Export: func(f export.Format, items []export.Item) (string, error) {
			return export.ToDir(exportDir, f, items)
		}})
	if _, err := tea.NewProgram(model, tea.WithFPS(ui.LocalFPS)).Run(); err != nil {
		return fmt.Errorf("the explorer needs a terminal (%w); in scripts use 'follicle search' or 'follicle export'", err)
	}
	return nil
}

// localBrowser returns a function that opens a URL with $BROWSER or
// xdg-open, or nil when neither exists (the explorer then copies links).
func localBrowser() func(string) error {
	cmd := os.Getenv("BROWSER")
	if cmd == "" {
		var err error
		if cmd, err = exec.LookPath("xdg-open"); err != nil {
			return nil
		}
	}
	return func(url string) error {
		c := exec.Command(cmd, url)
		c.Stdout, c.Stderr = nil, nil
		if err := c.Start(); err != nil {
			return err
		}
		go c.Wait()
		return nil
	}
}

// externalEditor returns how to edit a note in $VISUAL or $EDITOR, or nil
// when neither is set. The note goes through a private temporary file that
// is removed once read.
func externalEditor() func(string) (*exec.Cmd, func() (string, error), error) {
	editor := os.Getenv("VISUAL")
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	if editor == "" {
		return nil
	}
	return func(initial string) (*exec.Cmd, func() (string, error), error) {
		f, err := os.CreateTemp("", "follicle-note-*.txt")
		if err != nil {
			return nil, nil, err
		}
		name := f.Name()
		_, err = f.WriteString(initial)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(name)
			return nil, nil, err
		}
		cmd := exec.Command("sh", "-c", editor+` "$1"`, "editor", name)
		return cmd, func() (string, error) {
			defer os.Remove(name)
			b, err := os.ReadFile(name)
			return string(b), err
		}, nil
	}
}
