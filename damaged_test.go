package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
)

// TestDamagedFilesAreOneLineErrors damages library.db and state.db on disk
// (truncated, zeroed, garbage) and runs every command that opens them, the
// explorer's start included: each must exit 1 with one line that names the
// file, never a crash, a panic or a goroutine dump.
func TestDamagedFilesAreOneLineErrors(t *testing.T) {
	nbib := testdata.Path(t, "medline", "reflib_blue-light-acne.nbib")
	damages := map[string]func(path string){
		"half":    func(path string) { fi, _ := os.Stat(path); os.Truncate(path, fi.Size()/16) },
		"garbage": func(path string) { os.WriteFile(path, []byte(strings.Repeat("\x8f garbage \x00", 20000)), 0o600) },
	}
	commands := [][]string{{"search", "acne"}, {"library", "list"}, {"stats"}, {"export", "--format", "ris", "acne"}, {}}
	for _, file := range []string{"library.db", "state.db"} {
		for name, damage := range damages {
			t.Run(file+"/"+name, func(t *testing.T) {
				home := t.TempDir()
				if _, errOut, code := follicle(t, nil, "import", "--home", home, nbib); code != 0 {
					t.Fatalf("import: %s", errOut)
				}
				path := filepath.Join(home, "data", file)
				if err := (store.StateFile{Path: filepath.Join(home, "data", "state.db")}).SetTags("", "26335456", []string{"keep"}); err != nil {
					t.Fatal(err)
				}
				damage(path)
				for _, args := range commands {
					if file == "state.db" && len(args) > 0 && (args[0] == "library" || args[0] == "stats") {
						continue // these do not read personal state
					}
					_, errOut, code := follicle(t, nil, append(args, "--home", home)...)
					line := strings.TrimSpace(errOut)
					if code != 1 || strings.Contains(line, "\n") || !strings.Contains(line, path) || !strings.Contains(line, "damaged") {
						t.Errorf("%v: want exit 1 and one line naming %s, got exit %d:\n%s", args, path, code, errOut)
					}
					if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") || strings.Contains(errOut, "SIGSEGV") {
						t.Errorf("%v crashed:\n%s", args, errOut)
					}
				}
			})
		}
	}
}

// TestEmptyStateIsNotSilentlyWiped: a state.db truncated to zero is moved
// aside with a message that says the tags and notes are lost, and the next
// run starts afresh.
func TestEmptyStateIsNotSilentlyWiped(t *testing.T) {
	home := t.TempDir()
	state := store.StateFile{Path: filepath.Join(home, "data", "state.db")}
	if err := state.SetNote("", "26335456", "my note"); err != nil {
		t.Fatal(err)
	}
	os.Truncate(state.Path, 0)
	_, errOut, code := follicle(t, nil, "search", "--home", home, "acne")
	if code != 1 || !strings.Contains(errOut, "moved aside") || !strings.Contains(errOut, "notes") {
		t.Fatalf("want the damage reported, got exit %d: %s", code, errOut)
	}
	matches, _ := filepath.Glob(state.Path + ".damaged-*")
	if len(matches) != 1 {
		t.Fatalf("the damaged file should be kept aside: %v", matches)
	}
	if _, errOut, code := follicle(t, nil, "search", "--home", home, "acne"); code != 0 {
		t.Fatalf("the next run should work: exit %d %s", code, errOut)
	}
}

// TestDamagedIndexIsRebuiltQuietly removes or damages a segment of the
// index on disk: the next command must not crash, must print nothing but
// its results (Bleve used to log onto the terminal), and must answer.
func TestDamagedIndexIsRebuiltQuietly(t *testing.T) {
	for _, name := range []string{"missing", "garbled"} {
		t.Run(name, func(t *testing.T) {
			home := t.TempDir()
			want, _, code := follicle(t, nil, "search", "--home", home, "--limit", "5", "minoxidil")
			if code != 0 {
				t.Fatal("first search failed")
			}
			segs, _ := filepath.Glob(filepath.Join(home, "index", "current", "shard-*", "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segments")
			}
			for _, seg := range segs {
				if name == "missing" {
					os.Remove(seg)
					continue
				}
				b, _ := os.ReadFile(seg)
				for i := 100; i < len(b)-100; i += 97 {
					b[i] ^= 0x5a
				}
				os.WriteFile(seg, b, 0o600)
			}
			for run := 0; run < 2; run++ {
				out, errOut, code := follicle(t, nil, "search", "--home", home, "--limit", "5", "minoxidil")
				if code != 0 || out != want {
					t.Fatalf("run %d: exit %d, results\n%s\nwant\n%s\nstderr: %s", run, code, out, want, errOut)
				}
				if lines := nonEmptyLines(errOut); len(lines) != 1 || !strings.Contains(lines[0], "papers ·") {
					t.Fatalf("run %d: stderr should hold only the count line:\n%s", run, errOut)
				}
			}
		})
	}
}
