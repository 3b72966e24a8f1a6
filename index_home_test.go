package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

// TestKilledBuildIsCleanedUp kills the real binary with SIGKILL in the
// middle of an index build and checks that the next start removes the
// build directory it left.
func TestKilledBuildIsCleanedUp(t *testing.T) {
	home := t.TempDir()
	nbib := testdata.Path(t, "medline", "jzsh2000_mesh-papers.medline.txt")
	if _, errOut, code := follicle(t, nil, "import", "--home", home, nbib); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	indexHome := filepath.Join(home, "index")
	killed := ""
	for attempt := 0; attempt < 10 && killed == ""; attempt++ {
		os.RemoveAll(indexHome)
		cmd := exec.Command(binary, "search", "--home", home, "acne")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if m, _ := filepath.Glob(filepath.Join(indexHome, "build-*", "index", "shard-0")); len(m) > 0 {
				cmd.Process.Kill()
				killed = filepath.Dir(filepath.Dir(m[0]))
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		cmd.Wait()
		if _, err := os.Stat(killed); err != nil {
			killed = "" // the build finished before the kill: try again
		}
	}
	if killed == "" {
		t.Fatal("could not kill a build in progress")
	}
	if out, errOut, code := follicle(t, nil, "search", "--home", home, "acne"); code != 0 || out == "" {
		t.Fatalf("the next start should build and search: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Fatalf("the killed build's directory %s is still there", killed)
	}
	if _, errOut, code := follicle(t, nil, "stats", "--home", home); code != 0 {
		t.Fatal(errOut)
	}
	if m, _ := filepath.Glob(filepath.Join(indexHome, "build-*")); len(m) > 0 {
		t.Fatalf("build directories left: %v", m)
	}
}

// TestSearchOnReadOnlyHome: with the home read-only (a read-only mount
// when running as root, whom permissions do not stop; permissions
// otherwise), search, stats, library list and export use the existing
// index and state read-only.
func TestSearchOnReadOnlyHome(t *testing.T) {
	home := t.TempDir()
	nbib := testdata.Path(t, "medline", "reflib_blue-light-acne.nbib")
	if _, errOut, code := follicle(t, nil, "import", "--home", home, nbib); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	if err := (store.StateFile{Path: filepath.Join(home, "data", "state.db")}).SetTags("", "26335456", []string{"keep"}); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := follicle(t, nil, "search", "--home", home, "acne"); code != 0 {
		t.Fatal(errOut)
	}
	checkPrivateTree(t, filepath.Join(home, "index"))
	ro := readOnlyView(t, home)
	for _, args := range [][]string{{"search", "acne"}, {"search", "tag:keep"}, {"stats"}, {"library", "list"}, {"export", "--format", "ris", "acne"}} {
		out, errOut, code := follicle(t, nil, append(args, "--home", ro)...)
		if code != 0 || out == "" {
			t.Errorf("%v on a read-only home: exit %d\n%s", args, code, errOut)
		}
		if len(args) > 1 && args[1] == "tag:keep" && !strings.Contains(out, "26335456") {
			t.Errorf("tags should be read from the read-only state: %s", out)
		}
	}
}

// readOnlyView returns a read-only view of dir: a read-only bind mount for
// root, the directory itself with its write permissions removed otherwise.
func readOnlyView(t *testing.T, dir string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		setWritable(dir, false)
		t.Cleanup(func() { setWritable(dir, true) })
		return dir
	}
	ro := t.TempDir()
	if out, err := exec.Command("mount", "--bind", dir, ro).CombinedOutput(); err != nil {
		t.Skipf("running as root and cannot bind-mount read-only: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	if err := os.WriteFile(filepath.Join(ro, "probe"), nil, 0o600); err == nil {
		t.Fatal("the read-only view is writable")
	}
	return ro
}

func setWritable(dir string, on bool) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, _ := d.Info()
		mode := info.Mode().Perm() &^ 0o222
		if on {
			mode |= 0o200
		}
		os.Chmod(path, mode)
		return nil
	})
}

func checkPrivateTree(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, _ := d.Info()
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v: index files must be private", path, info.Mode().Perm())
		}
		return nil
	})
}
