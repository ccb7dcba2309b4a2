//go:build unix

package safefile

import (
	"io/fs"
	"os"
	"syscall"
)

// openNonblock keeps an open from blocking on a FIFO that took a file's
// place; for a regular file it changes nothing.
const openNonblock = syscall.O_NONBLOCK

// owner returns the uid and gid of a file, or -1, -1.
func owner(st fs.FileInfo) (uid, gid int) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return int(s.Uid), int(s.Gid)
	}
	return -1, -1
}

// setOwner gives the open file f the owner uid and group gid, unless it has
// them already; -1 leaves one as it is.
func setOwner(f *os.File, uid, gid int) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if cu, cg := owner(st); (uid < 0 || uid == cu) && (gid < 0 || gid == cg) {
		return nil
	}
	return f.Chown(uid, gid)
}

// mayWrite reports whether this process may write the file at name, by
// access(2), which sees ACLs too. Root may write anything.
func mayWrite(name string) bool {
	if os.Geteuid() == 0 {
		return true
	}
	return syscall.Access(name, 2 /* W_OK */) == nil
}
