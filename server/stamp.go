package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
)

// A folderStamp is a cheap summary of what a folder of bundles holds, read
// from directory entries and inode metadata alone, without opening a file:
// the folder's own identity, and for each file named like a bundle its
// type, size, times and inode, through symbolic links. Two looks with the
// same stamp saw the same files, as far as anything short of reading them
// can tell; a write, a rename, a replaced folder, a Kubernetes ConfigMap's
// ..data swap and a chmod each change it (a write changes the change time
// even where it keeps the size and the modification time).
type folderStamp struct {
	// key is the summary, compared whole.
	key string
	// missing says why the folder could not be read, when it could not.
	missing string
	// dir identifies the folder itself: another folder renamed into its
	// place has another.
	dir fileID
	// targets are the folders, other than dir, that the bundles' links
	// resolve into: a write there changes a bundle without any event in
	// dir.
	targets []string
}

// A fileID tells one file from another on the same machine.
type fileID struct{ dev, ino uint64 }

// stampFolder reads the stamp of the folder dir.
func stampFolder(dir string) folderStamp {
	var st folderStamp
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st.missing = "the folder is gone"
		return st
	case err != nil:
		st.missing = err.Error()
		return st
	case !info.IsDir():
		st.missing = "it is no longer a folder"
		return st
	}
	st.dir = idOf(info)
	ents, err := os.ReadDir(dir)
	if err != nil {
		st.missing = err.Error()
		return st
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d:%d\n", st.dir.dev, st.dir.ino)
	for _, e := range ents {
		name := e.Name()
		if !catalog.IsCatalogFile(name) {
			continue
		}
		p := filepath.Join(dir, name)
		b.WriteString(name)
		if e.Type()&fs.ModeSymlink != 0 {
			// The link and where it leads, then the file there.
			link, _ := os.Readlink(p)
			resolved, err := filepath.EvalSymlinks(p)
			fmt.Fprintf(&b, " -> %s (%s)", link, resolved)
			if err == nil {
				if t := filepath.Dir(resolved); t != filepath.Clean(dir) && !slices.Contains(st.targets, t) {
					st.targets = append(st.targets, t)
				}
			}
		}
		if fi, err := os.Stat(p); err != nil {
			fmt.Fprintf(&b, " error %v", err)
		} else {
			writeInfo(&b, fi)
		}
		b.WriteByte('\n')
	}
	st.key = b.String()
	slices.Sort(st.targets)
	return st
}

func writeInfo(b *strings.Builder, fi fs.FileInfo) {
	id := idOf(fi)
	fmt.Fprintf(b, " %v %d %d %d:%d %d", fi.Mode(), fi.Size(), fi.ModTime().UnixNano(), id.dev, id.ino, changeTime(fi))
}

func (a folderStamp) equal(b folderStamp) bool { return a.key == b.key && a.missing == b.missing }
