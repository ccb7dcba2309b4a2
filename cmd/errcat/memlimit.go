package main

import (
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/errcat/errcat/catalog"
)

// softMemoryLimit sets the soft memory limit that lint, missing and merge
// size from their files (see lintMemoryLimit), unless limit is 0 or the
// operator set GOMEMLIMIT, whose word is final. It returns what restores
// the limit before it, and whether it set one.
func softMemoryLimit(limit int64) (restore func(), set bool) {
	if limit <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}, false
	}
	old := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }, true
}

// bundleSizes returns the size of the source's file and of the largest
// translation's, 0 for what cannot be known: what a command's soft memory
// limit is sized from.
func bundleSizes(dir string, fo *catalog.Folder) (src, largest int64) {
	size := func(name string) int64 {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !st.Mode().IsRegular() {
			return 0
		}
		return st.Size()
	}
	for _, t := range fo.Translations {
		largest = max(largest, size(t.Name))
	}
	return size(fo.Source.Name), largest
}
