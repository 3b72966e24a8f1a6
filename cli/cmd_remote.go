package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/follicle/follicle/index"
	"github.com/follicle/follicle/store"
)

// env is what a command reads and where it writes: the process's own for
// the command line, or an SSH user's when serve runs a command for them
// (runFor) over the library and index it already has open.
type env struct {
	stdout, stderr io.Writer
	// remote, when set, is the serving process's library, index, paths
	// and the SSH user's state; nil opens the local ones.
	remote *remoteEnv
}

type remoteEnv struct {
	lib      *store.Library
	ix       *index.Index
	paths    paths
	personal store.Personal
}

func localEnv() env { return env{stdout: os.Stdout, stderr: os.Stderr} }

// resolvePaths is where the command's files are: the serving process's for
// an SSH user (whatever --home says), with the user's state.
func (e env) resolvePaths(fs *flag.FlagSet) (paths, error) {
	if e.remote == nil {
		return resolvePaths(fs)
	}
	p := e.remote.paths
	p.personal = &e.remote.personal
	return p, nil
}

// open returns the library and index and what releases them: an SSH user
// shares the server's, which stay open.
func (e env) open(p paths) (*store.Library, *index.Index, func(), error) {
	if e.remote != nil {
		return e.remote.lib, e.remote.ix, func() {}, nil
	}
	lib, ix, err := openLibraryAndIndex(p)
	if err != nil {
		return nil, nil, nil, err
	}
	return lib, ix, func() { ix.Close() }, nil
}

// remoteUsage is the usage text of each command an SSH user may run; the
// others (import, fetch, serve, library remove, the explorer) change shared
// data or the server's files and are not offered.
var remoteUsage = map[string]string{"search": searchUsage, "export": exportUsage, "stats": statsUsage, "library": libraryUsage}

// remoteFlagsRefused are flags that would reach the server's files: --home
// (another directory) and --output (a file written on the server).
var remoteFlagsRefused = []string{"home", "output"}

// runFor runs a command line for an SSH user over the serving process's
// library and index, with the user's state (empty for an anonymous user),
// writing to the session; it returns the exit code.
func runFor(remote remoteEnv) func(ctx context.Context, args []string, stdout, stderr io.Writer, personal store.Personal) int {
	return func(_ context.Context, args []string, stdout, stderr io.Writer, personal store.Personal) int {
		r := remote
		r.personal = personal
		e := env{stdout: stdout, stderr: stderr, remote: &r}
		return exitCodeOf(stderr, runRemote(e, args))
	}
}

func runRemote(e env, args []string) error {
	if len(args) == 0 {
		return usageError{"say which command to run: search, export, stats or library list"}
	}
	usage, ok := remoteUsage[args[0]]
	if !ok || (args[0] == "library" && (len(args) < 2 || args[1] != "list")) {
		return usageError{fmt.Sprintf("%q is not offered over SSH: search, export, stats and library list are", strings.Join(args[:min(len(args), 2)], " "))}
	}
	for _, a := range args[1:] {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case !strings.HasPrefix(a, "-"):
		case name == "h" || name == "help":
			fmt.Fprint(e.stdout, usage)
			return nil
		case slices.Contains(remoteFlagsRefused, name):
			return usageError{fmt.Sprintf("%s: --%s is not offered over SSH (output goes to your terminal: redirect it)", args[0], name)}
		}
	}
	switch args[0] {
	case "search":
		return searchWith(e, args[1:])
	case "export":
		return exportWith(e, args[1:])
	case "stats":
		return statsWith(e, args[1:])
	default:
		return libraryWith(e, args[1:])
	}
}

// exitCodeOf writes a command's error as run does and returns its exit code.
func exitCodeOf(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, errHelpShown) {
		return exitOK
	}
	fmt.Fprintln(stderr, "follicle: "+err.Error())
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}
