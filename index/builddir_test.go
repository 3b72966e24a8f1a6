package index

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestAbandonedBuildsAreRemovedAtEveryStart: a build directory left by a
// killed build (its lock free) is removed at the next start even when the
// current index needs no rebuild; one whose lock a running build holds,
// and a fresh one without a lock (an older version's, or one being
// created), stay.
func TestAbandonedBuildsAreRemovedAtEveryStart(t *testing.T) {
	lib := testLibrary(t)
	home := t.TempDir()
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "fp"})
	must(t, err)
	ix.Close()
	killed := filepath.Join(home, "build-killed")
	running := filepath.Join(home, "build-running")
	fresh := filepath.Join(home, "build-fresh")
	emptyLock := filepath.Join(home, "build-emptylock")
	for _, d := range []string{killed, running, fresh, emptyLock} {
		must(t, os.MkdirAll(filepath.Join(d, "index", "shard-0"), 0o700))
		must(t, os.WriteFile(filepath.Join(d, "index", "shard-0", "x.zap"), make([]byte, 1<<16), 0o600))
	}
	lock, err := lockBuild(killed)
	must(t, err)
	lock.Close() // the process died: the lock file stays, nobody holds it
	held, err := lockBuild(running)
	must(t, err)
	defer held.Close()
	must(t, os.WriteFile(filepath.Join(emptyLock, buildLockFile), nil, 0o600))
	old := time.Now().Add(-time.Hour)
	must(t, os.Chtimes(emptyLock, old, old))

	ix, rebuilt, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "fp"})
	must(t, err)
	ix.Close()
	if rebuilt {
		t.Fatal("the current index should be reused")
	}
	for dir, want := range map[string]bool{killed: false, running: true, fresh: true, emptyLock: false} {
		_, err := os.Stat(dir)
		if exists := err == nil; exists != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(dir), exists, want)
		}
	}
}

// TestIndexFilesArePrivate: a built index has the databases' permissions,
// and an index an older version left world-readable is made private at
// open.
func TestIndexFilesArePrivate(t *testing.T) {
	lib := testLibrary(t)
	home := filepath.Join(t.TempDir(), "index")
	ix, _, err := OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "fp", Shards: 2})
	must(t, err)
	ix.Close()
	checkPrivate(t, home)
	filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if d.IsDir() {
			os.Chmod(path, 0o755)
		} else {
			os.Chmod(path, 0o644)
		}
		return nil
	})
	ix, _, err = OpenOrBuild(context.Background(), lib, Options{Home: home, Fingerprint: "fp", Shards: 2})
	must(t, err)
	ix.Close()
	checkPrivate(t, home)
}

func checkPrivate(t *testing.T, root string) {
	t.Helper()
	n := 0
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		must(t, err)
		info, _ := d.Info()
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, info.Mode().Perm(), want)
		}
		n++
		return nil
	})
	if n < 8 {
		t.Fatalf("only %d entries under %s", n, root)
	}
}
