package index

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A build writes into home/build-*/ and holds an exclusive lock on
// build-*/building.lock (a bbolt file: bbolt's file lock works on every
// platform) until its index is swapped in. A build directory whose lock
// can be taken belongs to a process that died (kill -9, power loss) and is
// removed at the next start of any Follicle process; one whose lock is held
// is a build running elsewhere and is left alone.

// buildLockFile is the lock inside a build directory.
const buildLockFile = "building.lock"

// staleBuildAge is how old a build directory without a lock file (made by
// an older version, or just created and not yet locked) must be before it
// is treated as abandoned.
const staleBuildAge = 10 * time.Minute

// lockBuild takes the build lock of dir; closing the result releases it.
func lockBuild(dir string) (*bolt.DB, error) {
	return bolt.Open(filepath.Join(dir, buildLockFile), 0o600, &bolt.Options{Timeout: time.Second})
}

// removeStaleBuilds deletes the build directories under home that no
// running build holds. Errors (a read-only home) leave them in place.
func removeStaleBuilds(home string) {
	dirs, _ := filepath.Glob(filepath.Join(home, "build-*"))
	for _, d := range dirs {
		if buildAbandoned(d) {
			os.RemoveAll(d)
		}
	}
}

func buildAbandoned(dir string) bool {
	lock := filepath.Join(dir, buildLockFile)
	if _, err := os.Stat(lock); errors.Is(err, os.ErrNotExist) {
		fi, err := os.Stat(dir)
		return err == nil && time.Since(fi.ModTime()) > staleBuildAge
	}
	db, err := bolt.Open(lock, 0o600, &bolt.Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
	if err != nil {
		// Held by a running build (a timeout), or unreadable: an empty
		// lock file is a build that died before bbolt wrote its first page.
		fi, statErr := os.Stat(lock)
		return !errors.Is(err, bolt.ErrTimeout) && statErr == nil && fi.Size() == 0
	}
	db.Close()
	return true
}

// makePrivate gives the index the databases' permissions: files 0600,
// directories 0700 (Bleve writes some files world-readable). Errors are
// ignored: on a read-only home the index is used as it is.
func makePrivate(root string) {
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			os.Chmod(path, want)
		}
		return nil
	})
}
