//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestMergeKeepsTheOwner merges, as root, into a bundle and a work file of
// another user: both keep their owner, group and mode.
func TestMergeKeepsTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to give the bundle another owner")
	}
	dir := writeSafeCatalog(t)
	const uid, gid = 12345, 23456
	for _, n := range []string{"ja.toml", "translate.ja.toml"} {
		if err := os.Chown(filepath.Join(dir, n), uid, gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, n), 0o664); err != nil {
			t.Fatal(err)
		}
	}
	if code, stdout, stderr := errcat(t, "merge", "--locales", dir); code != exitProblems || !strings.Contains(stdout, "merged 2 translations") {
		t.Fatalf("errcat merge: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, n := range []string{"ja.toml", "translate.ja.toml"} {
		st, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		s := st.Sys().(*syscall.Stat_t)
		if s.Uid != uid || s.Gid != gid || st.Mode().Perm() != 0o664 {
			t.Errorf("%s: owner %d:%d, mode %v; want %d:%d, 0664", n, s.Uid, s.Gid, st.Mode().Perm(), uid, gid)
		}
	}
}
