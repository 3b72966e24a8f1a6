//go:build unix

package store

import (
	"os"
	"syscall"
)

// mapFile maps f read-only, so reading a paper is a copy from the page
// cache rather than a system call (which was half of a page's cost).
func mapFile(f *os.File, size int64) ([]byte, error) {
	if size == 0 {
		return nil, nil
	}
	return syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
}

func unmapFile(b []byte) error {
	if b == nil {
		return nil
	}
	return syscall.Munmap(b)
}
