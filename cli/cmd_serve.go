package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/follicle/follicle/serve"
	"github.com/follicle/follicle/store"
)

const serveUsage = `Usage: follicle serve [--listen ADDR] [--host-key FILE] [--authorized-keys FILE]
                      [--anonymous] [--max-sessions N] [--max-per-key N] [--idle-timeout D]

Serves the explorer over SSH: everyone runs "ssh -p 2222 HOST" and gets it in their
own terminal. Users are known by their public key (authorized_keys) and each keeps
their own reading list, tags, notes and saved searches; --anonymous lets anyone in,
read-only and without personal state. Passwords are never accepted. The default
address is 127.0.0.1:2222: binding another is your explicit choice.
`

func runServe(args []string) error {
	fs := newFlags("serve")
	listen := fs.String("listen", "127.0.0.1:2222", "address to listen on")
	hostKey := fs.String("host-key", "", "host key file (default: DATA/ssh_host_ed25519, generated on first start)")
	authKeys := fs.String("authorized-keys", "", "authorized_keys file of the users allowed in")
	anonymous := fs.Bool("anonymous", false, "let anyone in, read-only, without personal state")
	maxSessions := fs.Int("max-sessions", 100, "concurrent sessions in all")
	maxPerKey := fs.Int("max-per-key", 4, "concurrent sessions per key")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "close a session idle this long")
	searchTimeout := fs.Duration("search-timeout", 2*time.Second, "deadline of one search")
	fps := fs.Int("fps", 30, "screen updates per second per session")
	pos, err := parseFlags(fs, serveUsage, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("serve: unexpected argument %q", pos[0])}
	}
	p, err := resolvePaths(fs)
	if err != nil {
		return err
	}
	if *hostKey, err = hostKeyPath(*hostKey, p); err != nil {
		return err
	}
	lib, ix, err := openLibraryAndIndex(p)
	if err != nil {
		return err
	}
	defer ix.Close()
	var state *store.StateDB
	if *authKeys != "" {
		if state, err = store.OpenStateDB(filepath.Join(p.data, "serve-state.db")); err != nil {
			return err
		}
		defer state.Close()
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serve.MemoryLimit)
	}
	srv, err := serve.New(serve.Config{Listen: *listen, HostKey: *hostKey, AuthorizedKeys: *authKeys, Anonymous: *anonymous,
		MaxSessions: *maxSessions, MaxPerKey: *maxPerKey, IdleTimeout: *idle, SearchTimeout: *searchTimeout,
		ConnPerSecond: 2, ConnBurst: 10, FPS: *fps, Searcher: ix, Library: lib, State: state, Logger: logger,
		Command: runFor(remoteEnv{lib: lib, ix: ix, paths: p})})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("serving", "addr", *listen, "papers", lib.Len(), "anonymous", *anonymous)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// hostKeyPath returns where the host key lives (DATA/ssh_host_ed25519 by
// default) and makes its directory, private to the user.
func hostKeyPath(given string, p paths) (string, error) {
	if given == "" {
		given = filepath.Join(p.data, "ssh_host_ed25519")
	}
	if err := os.MkdirAll(filepath.Dir(given), 0o700); err != nil {
		return "", fmt.Errorf("serve: %w", err)
	}
	return given, nil
}
