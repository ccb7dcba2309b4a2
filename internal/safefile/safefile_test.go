package safefile

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func content(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func open(t *testing.T, name string, opts Options) *File {
	t.Helper()
	f, err := Open(context.Background(), name, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// replace opens name, runs meanwhile between the read and the check, and
// replaces the file with data.
func replace(t *testing.T, name, data string, meanwhile func()) error {
	t.Helper()
	opts := Options{}
	if meanwhile != nil {
		opts.BeforeCheck = func(context.Context, string) error { meanwhile(); return nil }
	}
	f := open(t, name, opts)
	defer f.Close()
	return f.Replace(context.Background(), []byte(data))
}

func TestReplace(t *testing.T) {
	t.Run("replaces and keeps the mode", func(t *testing.T) {
		dir := t.TempDir()
		name := filepath.Join(dir, "ja.toml")
		write(t, name, "old")
		if err := os.Chmod(name, 0o640); err != nil {
			t.Fatal(err)
		}
		if err := replace(t, name, "new", nil); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := content(t, name); got != "new" || st.Mode().Perm() != 0o640 {
			t.Errorf("got %q, mode %v; want \"new\", mode 0640", got, st.Mode().Perm())
		}
		if got := names(t, dir); !slices.Equal(got, []string{"ja.toml"}) {
			t.Errorf("the folder holds %q, want only ja.toml: no temporary or lock file", got)
		}
	})
	t.Run("creates with the mode of the file it is like", func(t *testing.T) {
		dir := t.TempDir()
		like := filepath.Join(dir, "ja.toml")
		write(t, like, "bundle")
		if err := os.Chmod(like, 0o604); err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, "translate.ja.toml")
		f := open(t, name, Options{Like: like})
		if f.Exists() || f.Data() != nil {
			t.Fatalf("a file that does not exist: Exists %v, Data %q", f.Exists(), f.Data())
		}
		if err := f.Replace(context.Background(), []byte("new")); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o604 {
			t.Errorf("mode %v, want 0604 (chmod, not subject to the umask)", st.Mode().Perm())
		}
	})
	t.Run("no folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "gone")
		if _, err := Open(context.Background(), filepath.Join(dir, "ja.toml"), Options{}); err == nil {
			t.Fatal("no error")
		}
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the folder: %v, want it still not there", err)
		}
	})
	t.Run("a folder where the file should be", func(t *testing.T) {
		dir := t.TempDir()
		name := filepath.Join(dir, "ja.toml")
		if err := os.Mkdir(name, 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(name, "keep"), "old")
		if _, err := Open(context.Background(), name, Options{}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("Open: %v, want \"not a regular file\"", err)
		}
		if got := names(t, dir); !slices.Equal(got, []string{"ja.toml"}) {
			t.Errorf("the folder holds %q, want only ja.toml", got)
		}
		if got := content(t, filepath.Join(name, "keep")); got != "old" {
			t.Errorf("ja.toml/keep holds %q", got)
		}
	})
	t.Run("read-only folder", func(t *testing.T) {
		if runtime.GOOS == "windows" || os.Geteuid() == 0 {
			t.Skip("a read-only folder does not stop root, or Windows")
		}
		dir := t.TempDir()
		name := filepath.Join(dir, "ja.toml")
		write(t, name, "old")
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		if _, err := Open(context.Background(), name, Options{}); err == nil {
			t.Fatal("no error")
		}
		if got := content(t, name); got != "old" {
			t.Errorf("ja.toml holds %q, want \"old\"", got)
		}
		if got := names(t, dir); !slices.Equal(got, []string{"ja.toml"}) {
			t.Errorf("the folder holds %q, want only ja.toml", got)
		}
	})
	t.Run("over the size limit", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "ja.toml")
		write(t, name, "0123456789")
		if _, err := Open(context.Background(), name, Options{MaxSize: 9}); err == nil || !strings.Contains(err.Error(), "over the limit") {
			t.Fatalf("Open: %v, want over the limit", err)
		}
	})
}

// TestCompareAndSwap changes the file between Open and Commit, as a
// colleague's editor would, and checks that Commit refuses and leaves the
// colleague's file, and no temporary file, behind.
func TestCompareAndSwap(t *testing.T) {
	tests := []struct {
		name      string
		exists    bool
		meanwhile func(t *testing.T, name string)
		what      string // part of the error; "" when Commit must go ahead
	}{{
		name:      "saved in place, same size",
		exists:    true,
		meanwhile: func(t *testing.T, name string) { write(t, name, "OLD\n") },
		what:      "its text differs from line 1",
	}, {
		name:      "saved in place, another size",
		exists:    true,
		meanwhile: func(t *testing.T, name string) { write(t, name, "old\nmore\n") },
		what:      "it is now 9 bytes, not 4",
	}, {
		name:   "saved by rename, as most editors do",
		exists: true,
		meanwhile: func(t *testing.T, name string) {
			write(t, name+"~", "theirs\n")
			if err := os.Rename(name+"~", name); err != nil {
				t.Fatal(err)
			}
		},
		what: "it is now 7 bytes, not 4",
	}, {
		name:   "saved by rename with the same text",
		exists: true,
		meanwhile: func(t *testing.T, name string) {
			write(t, name+"~", "old\n")
			if err := os.Rename(name+"~", name); err != nil {
				t.Fatal(err)
			}
		},
	}, {
		name:   "deleted",
		exists: true,
		meanwhile: func(t *testing.T, name string) {
			if err := os.Remove(name); err != nil {
				t.Fatal(err)
			}
		},
		what: "someone deleted or moved it meanwhile",
	}, {
		name:      "created",
		meanwhile: func(t *testing.T, name string) { write(t, name, "theirs\n") },
		what:      "someone created it meanwhile",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, "ja.toml")
			if tt.exists {
				write(t, name, "old\n")
			}
			var theirs string
			err := replace(t, name, "mine\n", func() {
				tt.meanwhile(t, name)
				theirs, _ = readIfExists(name)
			})
			if tt.what == "" {
				if err != nil {
					t.Fatalf("Replace: %v", err)
				}
				if got := content(t, name); got != "mine\n" {
					t.Fatalf("the file holds %q", got)
				}
				return
			}
			var ce *ChangedError
			if !errors.As(err, &ce) || !strings.Contains(ce.What, tt.what) || ce.Name != name {
				t.Fatalf("Replace: %v, want a *ChangedError naming %s and saying %q", err, name, tt.what)
			}
			if got, _ := readIfExists(name); got != theirs {
				t.Errorf("the file holds %q, want the colleague's %q", got, theirs)
			}
			for _, n := range names(t, dir) {
				if n != "ja.toml" {
					t.Errorf("left %s behind", n)
				}
			}
		})
	}
}

func readIfExists(name string) (string, bool) {
	data, err := os.ReadFile(name)
	return string(data), err == nil
}

// TestCommitChecksAllFirst commits two files, the second of which changed:
// neither is written.
func TestCommitChecksAllFirst(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "ja.toml"), filepath.Join(dir, "translate.ja.toml")
	write(t, a, "a\n")
	write(t, b, "b\n")
	fa := open(t, a, Options{})
	fb := open(t, b, Options{BeforeCheck: func(context.Context, string) error { write(t, b, "theirs\n"); return nil }})
	err := Commit(context.Background(), Change{File: fa, Data: []byte("A\n")}, Change{File: fb, Remove: true})
	var ce *ChangedError
	if !errors.As(err, &ce) || ce.Name != b {
		t.Fatalf("Commit: %v, want a *ChangedError for %s", err, b)
	}
	if got := content(t, a); got != "a\n" {
		t.Errorf("%s holds %q: written though the other file changed", a, got)
	}
	if got := content(t, b); got != "theirs\n" {
		t.Errorf("%s holds %q", b, got)
	}
}

// TestCommitCancelled cancels the context while Commit waits in the hook:
// nothing is written, and no temporary file is left.
func TestCommitCancelled(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "ja.toml")
	write(t, name, "old")
	ctx, cancel := context.WithCancel(context.Background())
	f := open(t, name, Options{BeforeCheck: func(context.Context, string) error { cancel(); return nil }})
	if err := f.Replace(ctx, []byte("new")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Replace: %v, want context.Canceled", err)
	}
	f.Close()
	if got := content(t, name); got != "old" {
		t.Errorf("the file holds %q", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"ja.toml"}) {
		t.Errorf("the folder holds %q", got)
	}
}

func TestSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	shared, locales := t.TempDir(), t.TempDir()
	target := filepath.Join(shared, "ja.toml")
	write(t, target, "old")
	if err := os.Chmod(target, 0o664); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(locales, "ja.toml")
	rel, err := filepath.Rel(locales, target)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(rel, link); err != nil {
		t.Fatal(err)
	}
	seen := map[string][]string{}
	f := open(t, link, Options{BeforeCheck: func(context.Context, string) error {
		// The temporary file is in the target's folder, where the rename
		// can be atomic.
		seen["shared"], seen["locales"] = names(t, shared), names(t, locales)
		return nil
	}})
	if string(f.Data()) != "old" {
		t.Fatalf("read %q through the link", f.Data())
	}
	if err := f.Replace(context.Background(), []byte("new")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link is no longer a link: %v, %v", st.Mode(), err)
	}
	if got, _ := os.Readlink(link); got != rel {
		t.Errorf("the link points to %s, want %s", got, rel)
	}
	if got := content(t, target); got != "new" {
		t.Errorf("the target holds %q", got)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o664 {
		t.Errorf("the target's mode is %v, want 0664", st.Mode().Perm())
	}
	if !slices.ContainsFunc(seen["shared"], func(n string) bool { return strings.HasPrefix(n, ".ja.toml.tmp-") }) ||
		!slices.Equal(seen["locales"], []string{"ja.toml"}) {
		t.Errorf("before the rename the shared folder held %q and the locales folder %q; want the temporary file beside the target", seen["shared"], seen["locales"])
	}
	if got := names(t, shared); !slices.Equal(got, []string{"ja.toml"}) {
		t.Errorf("the shared folder holds %q", got)
	}

	t.Run("retargeted meanwhile", func(t *testing.T) {
		other := filepath.Join(shared, "other.toml")
		write(t, other, "other")
		f := open(t, link, Options{BeforeCheck: func(context.Context, string) error {
			os.Remove(link)
			if err := os.Symlink(other, link); err != nil {
				t.Fatal(err)
			}
			return nil
		}})
		var ce *ChangedError
		if err := f.Replace(context.Background(), []byte("mine")); !errors.As(err, &ce) || !strings.Contains(ce.What, "now leads to") {
			t.Fatalf("Replace: %v, want a *ChangedError saying where the link now leads", err)
		}
		if content(t, target) != "new" || content(t, other) != "other" {
			t.Error("a file changed")
		}
	})
	t.Run("dangling", func(t *testing.T) {
		dangling := filepath.Join(locales, "ko.toml")
		if err := os.Symlink(filepath.Join(shared, "gone.toml"), dangling); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(context.Background(), dangling, Options{}); err == nil || !strings.Contains(err.Error(), "which does not exist") {
			t.Fatalf("Open: %v, want a dangling symlink refused", err)
		}
	})
	t.Run("remove removes the link, not its target", func(t *testing.T) {
		f := open(t, link, Options{})
		if err := f.Remove(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Lstat(link); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the link: %v", err)
		}
		if _, err := os.Stat(filepath.Join(shared, "other.toml")); err != nil {
			t.Errorf("the target: %v", err)
		}
	})
}

func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "ja.toml")
	write(t, name, "old")
	if err := os.Chmod(name, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, remove := range []bool{false, true} {
		f := open(t, name, Options{})
		err := Commit(context.Background(), Change{File: f, Data: []byte("new"), Remove: remove})
		f.Close()
		var re *RefusedError
		if !errors.As(err, &re) || !strings.Contains(re.Why, "read-only (mode 0444)") {
			t.Fatalf("remove %v: %v, want a *RefusedError saying the file is read-only", remove, err)
		}
	}
	if got := content(t, name); got != "old" {
		t.Errorf("the file holds %q", got)
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o444 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	if got := names(t, dir); !slices.Equal(got, []string{"ja.toml"}) {
		t.Errorf("the folder holds %q", got)
	}
}

// TestOwner checks, as root, that a replaced file keeps its owner and group
// and that a new one takes those of the file it is like.
func TestOwner(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() != 0 {
		t.Skip("needs root, to give files another owner")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "ja.toml")
	write(t, name, "old")
	const uid, gid = 12345, 23456
	if err := os.Chown(name, uid, gid); err != nil {
		t.Fatal(err)
	}
	if err := replace(t, name, "new", nil); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "translate.ja.toml")
	f := open(t, work, Options{Like: name})
	if err := f.Replace(context.Background(), []byte("work")); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{name, work} {
		st, err := os.Stat(n)
		if err != nil {
			t.Fatal(err)
		}
		if u, g := owner(st); u != uid || g != gid {
			t.Errorf("%s belongs to %d:%d, want %d:%d", filepath.Base(n), u, g, uid, gid)
		}
	}
}

// TestLock opens a file twice: the second Open waits for the first to
// close, and then reads what the first wrote.
func TestLock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "ja.toml")
	write(t, name, "old")
	first := open(t, name, Options{})
	if _, err := os.Stat(filepath.Join(dir, ".ja.toml.lock")); err != nil {
		t.Fatalf("no lock file while the lock is held: %v", err)
	}

	// Held: a second Open gives up after its Wait, naming the holder.
	_, err := Open(context.Background(), name, Options{Wait: 50 * time.Millisecond})
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() {
		t.Fatalf("Open of a locked file: %v, want a *LockedError naming process %d", err, os.Getpid())
	}
	// ... or when its context is done.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := Open(ctx, name, Options{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Open with a context that ends: %v", err)
	}

	got := make(chan string, 1)
	go func() {
		f, err := Open(context.Background(), name, Options{})
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		got <- string(f.Data())
	}()
	if err := first.Replace(context.Background(), []byte("first")); err != nil {
		t.Fatal(err)
	}
	first.Close()
	if s := <-got; s != "first" {
		t.Fatalf("the second Open read %q, want what the first wrote", s)
	}

	// A lock file left by a process killed outright is reused.
	write(t, filepath.Join(dir, ".ja.toml.lock"), "999999\n")
	f := open(t, name, Options{Wait: time.Second})
	f.Close()
	if got := names(t, dir); !slices.Equal(got, []string{"ja.toml"}) {
		t.Errorf("after Close the folder holds %q, want the lock file gone", got)
	}
}

// TestCompareWith checks the piecewise comparison Commit's check makes, over
// pieces of every size a reader may give, a file longer than one piece, and
// a difference on either side of a piece's end.
func TestCompareWith(t *testing.T) {
	want := []byte(strings.Repeat("a line of a bundle\n", 10000)) // 190,000 bytes: three pieces
	changed := func(at int) []byte {
		b := bytes.Clone(want)
		b[at] = 'X'
		return b
	}
	tests := []struct {
		name string
		got  []byte
		diff int
	}{
		{"same", want, -1},
		{"first byte", changed(0), 0},
		{"last byte of a piece", changed(64<<10 - 1), 64<<10 - 1},
		{"first byte of a piece", changed(64 << 10), 64 << 10},
		{"last byte", changed(len(want) - 1), len(want) - 1},
		{"shorter", want[:1000], -1},
		{"longer, same start", append(bytes.Clone(want), "more\n"...), -1},
		{"empty", nil, -1},
	}
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"halves":   iotest.HalfReader,
	}
	for _, tt := range tests {
		for rname, wrap := range readers {
			n, diff, err := compareWith(wrap(bytes.NewReader(tt.got)), want)
			if err != nil || n != int64(len(tt.got)) || diff != tt.diff {
				t.Errorf("%s, read %s: compareWith = %d, %d, %v; want %d, %d, nil", tt.name, rname, n, diff, err, len(tt.got), tt.diff)
			}
		}
	}
	if _, _, err := compareWith(iotest.ErrReader(io.ErrUnexpectedEOF), want); err != io.ErrUnexpectedEOF {
		t.Errorf("a failed read: %v, want it returned", err)
	}
}
