//go:build linux

package server

import (
	"io/fs"
	"syscall"
)

func idOf(fi fs.FileInfo) fileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}
	}
	return fileID{}
}

// changeTime is the inode's change time, in nanoseconds: it moves on every
// write and every change of mode or owner, and no program can set it back.
func changeTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		sec, nsec := st.Ctim.Unix()
		return sec*1e9 + nsec
	}
	return 0
}
