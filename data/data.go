// Package data embeds Follicle's bundled corpus: papers on hair-loss disorders
// and their treatments, with the lexicon of conditions and drugs they are
// about. It only exposes the files; the store package parses them.
package data

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

//go:embed papers.jsonl conditions.jsonl drugs.jsonl
var files embed.FS

// FS returns the bundled corpus files.
func FS() fs.FS { return files }

// Fingerprint returns a hash of the bundled files' contents. The index is
// rebuilt whenever it changes, so a new release never searches stale data.
func Fingerprint() string {
	h := sha256.New()
	for _, name := range []string{"papers.jsonl", "conditions.jsonl", "drugs.jsonl"} {
		// The embed directive guarantees the files exist, so the error is nil.
		b, _ := files.ReadFile(name)
		h.Write([]byte(name))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
