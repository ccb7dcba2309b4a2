// Package safefile replaces files that people edit, such as a translator's
// bundle and work file, so that nothing they save is lost: every write is a
// compare-and-swap.
//
// Open takes an advisory lock on the file and reads it. Commit writes the
// new text to a temporary file beside it, syncs it, checks that the file on
// disk is still byte for byte what Open read, and only then renames the
// temporary file over it and syncs the folder. A reader, or a crash, sees
// the old file or the new one, never a part of one; a save made meanwhile,
// by an editor or another program, makes Commit refuse with a
// *ChangedError, writing nothing, rather than overwrite it.
//
// The lock is flock(2) on a lock file beside the file, named like it with a
// dot in front and ".lock" behind (.ja.toml.lock), which the loader, being
// hidden, never reads. Not on the file itself: the rename that replaces the
// file gives the path a new inode, and a process waiting for a lock on the
// old one would get it on a file that is no longer there; and a file that
// does not exist yet (a new bundle, a new work file) needs locking too. Not
// on the folder either: over NFS, flock becomes a POSIX lock, which needs a
// file opened for writing, as a folder cannot be. The lock file is removed
// when the lock is released, so it exists only while a command runs (a
// process killed outright leaves it behind, harmlessly: the next one reuses
// it). The lock serializes errcat's own processes, so that two merges never
// interleave; editors take no such lock, which is what the check before the
// rename is for. What remains is the moment between that check and the
// rename, microseconds, in which an editor's save is still overwritten;
// nothing short of the editor's cooperation closes it.
//
// A symlink is written through: the file replaced is its target, the
// temporary file is made in the target's folder, and the link stays a
// link. The new file keeps the old one's permission bits and, where the
// process may set them (as root), its owner and group; where it may not,
// Commit refuses rather than change the owner. A file without any write
// permission (mode 0444) is refused too: a rename would replace it without
// asking, though whoever made it read-only said it must not change.
package safefile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Options are the choices of Open.
type Options struct {
	// Name is how errors name the file, such as "locales/ja.toml"; the
	// default is the path given to Open.
	Name string
	// Like names a file whose permission bits and owner a file that does
	// not exist yet gets when Commit creates it, such as the bundle a work
	// file is made from. Without one, or when it does not exist either,
	// the new file gets mode 0644 and the process's owner.
	Like string
	// MaxSize bounds the size of the file Open reads; zero means no bound.
	MaxSize int64
	// Wait bounds how long Open waits for another process's lock on the
	// file; zero means 30 seconds.
	Wait time.Duration
	// Waiting, when set, is called once when Open has waited a moment for
	// the lock, with the process id of its holder (0 when unknown), so that
	// a command can say why it is waiting.
	Waiting func(pid int)
	// BeforeCheck is for tests: Commit calls it after writing the
	// temporary file and before checking the file is unchanged, so that a
	// test can change the file in between, and gives up with its error.
	BeforeCheck func(ctx context.Context, name string) error
}

// A File is a file read by Open and locked until Close.
type File struct {
	name     string // the path given to Open, for messages
	path     string // the same
	target   string // path with every symlink resolved: the file replaced
	opts     Options
	unlock   func()
	data     []byte
	exists   bool
	mode     fs.FileMode
	uid, gid int // -1 when unknown
}

// A ChangedError says that a file changed on disk between Open and Commit:
// someone saved it meanwhile. Nothing was written.
type ChangedError struct {
	Name string // Options.Name, or the path given to Open
	What string // what changed, for a person: "it is now 812 bytes, not 790"
}

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s changed since it was read (%s)", e.Name, e.What)
}

// A RefusedError says why Commit will not replace a file: it is read-only,
// or replacing it would change its owner. Nothing was written.
type RefusedError struct {
	Name string
	Why  string
}

func (e *RefusedError) Error() string { return fmt.Sprintf("%s: %s", e.Name, e.Why) }

// A LockedError says that another process held the lock on a file for all
// of Options.Wait.
type LockedError struct {
	Name string
	PID  int // the holder's process id, or 0 when unknown
	Wait time.Duration
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = fmt.Sprintf("process %d", e.PID)
	}
	return fmt.Sprintf("%s: %s kept it locked for %v (its lock file is %s)", e.Name, who, e.Wait, lockName(e.Name))
}

// lockName returns the name of the lock file of the file at path.
func lockName(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".lock")
}

// Open locks the file at path and reads it: a file that does not exist is
// read as empty, and Exists reports false. The lock is on the file path
// leads to, through any symlinks, and lasts until Close. Open waits for a
// lock another process holds, until ctx is done or for Options.Wait. It
// refuses a path that is a dangling symlink or not a regular file.
func Open(ctx context.Context, path string, opts Options) (*File, error) {
	if opts.Wait <= 0 {
		opts.Wait = 30 * time.Second
	}
	f := &File{name: path, path: path, opts: opts}
	if opts.Name != "" {
		f.name = opts.Name
	}
	// The lock is taken beside the target, and the target is resolved
	// again once it is held, in case a link moved while Open waited.
	for range 10 {
		target, err := resolve(path)
		if err != nil {
			return nil, err
		}
		unlock, err := lockFile(ctx, lockName(target), f.name, opts)
		if err != nil {
			return nil, err
		}
		if again, err := resolve(path); err != nil || again != target {
			unlock()
			if err != nil {
				return nil, err
			}
			continue
		}
		f.target, f.unlock = target, unlock
		break
	}
	if f.unlock == nil {
		return nil, fmt.Errorf("%s: the symlink keeps changing", f.name)
	}
	st, err := read(f.target, opts.MaxSize)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", f.name, err)
	}
	f.data, f.exists, f.mode, f.uid, f.gid = st.data, st.exists, st.mode, st.uid, st.gid
	return f, nil
}

// Name returns the file's name as errors give it: Options.Name, or the
// path given to Open.
func (f *File) Name() string { return f.name }

// Data returns the file's text as Open read it, or as the last Commit
// wrote it.
func (f *File) Data() []byte { return f.data }

// Exists reports whether the file existed when Open read it.
func (f *File) Exists() bool { return f.exists }

// Close releases the lock. It does nothing the second time.
func (f *File) Close() error {
	if f.unlock != nil {
		f.unlock()
		f.unlock = nil
	}
	return nil
}

// resolve returns the file path leads to: path with every symlink
// resolved, or, for a path that does not exist, its folder resolved.
func resolve(path string) (string, error) {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir, err := filepath.EvalSymlinks(filepath.Dir(path))
		if err != nil {
			return "", err
		}
		return filepath.Join(dir, filepath.Base(path)), nil
	case err != nil:
		return "", err
	case st.Mode()&fs.ModeSymlink != 0:
		target, err := filepath.EvalSymlinks(path)
		if errors.Is(err, fs.ErrNotExist) {
			link, _ := os.Readlink(path)
			return "", fmt.Errorf("%s is a symlink to %s, which does not exist", path, link)
		}
		return target, err
	}
	return path, nil
}

// A state is what a file held when read.
type state struct {
	data     []byte // nil when compared (compare)
	size     int64
	diff     int // compare's first difference, or -1
	exists   bool
	mode     fs.FileMode
	uid, gid int
}

// read reads the file at target, which must be a regular file (or not
// exist), with no more than max bytes (max > 0). It never blocks on a FIFO
// or device that took the file's place, and it reads again when the file
// changed while it read, as an editor writing in place makes it.
func read(target string, max int64) (state, error) {
	return readOrCompare(target, max, nil)
}

// compare reads the file at target as read does, but compares it with want
// as it goes, a piece at a time, rather than holding a second copy of a
// file Open already holds: the state has no data, and diff is the offset
// of the first byte where the two differ, or -1 when they are the same.
func compare(target string, want []byte) (state, error) {
	return readOrCompare(target, 0, &want)
}

func readOrCompare(target string, max int64, want *[]byte) (state, error) {
	for range 5 {
		fd, err := os.OpenFile(target, os.O_RDONLY|openNonblock, 0)
		if errors.Is(err, fs.ErrNotExist) {
			return state{uid: -1, gid: -1}, nil
		}
		if err != nil {
			return state{}, err
		}
		before, err := fd.Stat()
		if err != nil {
			fd.Close()
			return state{}, err
		}
		if !before.Mode().IsRegular() {
			fd.Close()
			return state{}, fmt.Errorf("not a regular file (%v)", before.Mode().Type())
		}
		if max > 0 && before.Size() > max {
			fd.Close()
			return state{}, fmt.Errorf("file is %d bytes, over the limit of %d", before.Size(), max)
		}
		var r io.Reader = fd
		if max > 0 {
			r = io.LimitReader(fd, max+1)
		}
		var data []byte
		n, diff := int64(0), -1
		if want != nil {
			n, diff, err = compareWith(r, *want)
		} else {
			// Read into a buffer of the size Stat gave (bytes.Buffer
			// wants MinRead bytes free before each read): io.ReadAll
			// grew a 3 MB bundle from 512 bytes, copying it a dozen
			// times.
			buf := bytes.NewBuffer(make([]byte, 0, before.Size()+bytes.MinRead))
			_, err = buf.ReadFrom(r)
			data = buf.Bytes()
			n = int64(len(data))
		}
		after, serr := fd.Stat()
		fd.Close()
		if err != nil {
			return state{}, err
		}
		if serr != nil {
			return state{}, serr
		}
		if max > 0 && n > max {
			return state{}, fmt.Errorf("file is over the limit of %d bytes", max)
		}
		if n != after.Size() || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
			continue // written to while read
		}
		uid, gid := owner(after)
		return state{data: data, size: n, diff: diff, exists: true, mode: after.Mode().Perm(), uid: uid, gid: gid}, nil
	}
	return state{}, errors.New("the file kept changing while it was read")
}

// A Change is one file for Commit to replace or remove.
type Change struct {
	File *File
	// Data is the file's new text.
	Data []byte
	// Remove removes the file instead: the name Open was given, which for
	// a symlink is the link, not the file it leads to.
	Remove bool
}

// Commit makes the changes, each a compare-and-swap, all checked before any
// is made: it writes and syncs a temporary file for each, checks that each
// file is still what Open read (refusing with a *ChangedError when one is
// not, and with a *RefusedError when one is read-only or would change
// owner), and then renames each temporary file over its file, in order,
// or removes it, syncing the folders. A failure before the renames leaves
// every file as it was and no temporary file behind. When ctx is done
// before the renames, Commit writes nothing and returns ctx.Err().
func Commit(ctx context.Context, changes ...Change) (err error) {
	temps := make([]*os.File, len(changes))
	defer func() {
		if err != nil {
			for _, t := range temps {
				if t != nil {
					t.Close()
					os.Remove(t.Name())
				}
			}
		}
	}()
	for i, c := range changes {
		if c.File.unlock == nil {
			return fmt.Errorf("%s: commit after close", c.File.name)
		}
		if c.File.exists {
			if err := c.File.writable(); err != nil {
				return err
			}
		}
		if !c.Remove {
			if temps[i], err = c.File.writeTemp(c.Data); err != nil {
				return fmt.Errorf("write %s: %w", c.File.name, err)
			}
		}
	}
	for _, c := range changes {
		if h := c.File.opts.BeforeCheck; h != nil {
			if err := h(ctx, c.File.name); err != nil {
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, c := range changes {
		if err := c.File.check(); err != nil {
			return err
		}
		if temps[i] != nil {
			if err := c.File.finish(temps[i]); err != nil {
				return err
			}
		}
	}
	for i, c := range changes {
		f := c.File
		if c.Remove {
			err = os.Remove(f.path)
		} else {
			err = os.Rename(temps[i].Name(), f.target)
		}
		if err != nil {
			// The changes before this one are made; say so, since the
			// caller's "nothing was written" would be wrong.
			if i > 0 {
				return fmt.Errorf("%s: %w (%s was written)", f.name, err, changes[i-1].File.name)
			}
			return fmt.Errorf("%s: %w", f.name, err)
		}
		temps[i] = nil
		syncDir(filepath.Dir(f.target))
		if c.Remove {
			f.data, f.exists = nil, false
		} else {
			f.data, f.exists = c.Data, true
		}
	}
	return nil
}

// Replace replaces the file with data: Commit of one change.
func (f *File) Replace(ctx context.Context, data []byte) error {
	return Commit(ctx, Change{File: f, Data: data})
}

// Remove removes the file: Commit of one removal.
func (f *File) Remove(ctx context.Context) error {
	return Commit(ctx, Change{File: f, Remove: true})
}

// writable refuses a file its mode makes read-only, or that this process
// may not write.
func (f *File) writable() error {
	if f.mode&0o222 == 0 {
		return &RefusedError{Name: f.name, Why: fmt.Sprintf("the file is read-only (mode %04o); make it writable (chmod u+w %s) if it is to change; nothing was written", f.mode, f.name)}
	}
	if !mayWrite(f.target) {
		return &RefusedError{Name: f.name, Why: "you may not write the file (its permissions do not let you); nothing was written"}
	}
	return nil
}

// writeTemp writes data to a new hidden file in the target's folder and
// syncs it. The file stays open for finish.
func (f *File) writeTemp(data []byte) (tmp *os.File, err error) {
	dir, base := filepath.Split(f.target)
	if dir == "" {
		dir = "."
	}
	tmp, err = os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return tmp, nil
}

// finish gives the temporary file the mode and owner the file has (or, for
// a new file, Options.Like has), and closes it.
func (f *File) finish(tmp *os.File) error {
	mode, uid, gid := f.mode, f.uid, f.gid
	if !f.exists {
		mode, uid, gid = 0o644, -1, -1
		if f.opts.Like != "" {
			if st, err := os.Stat(f.opts.Like); err == nil {
				mode = st.Mode().Perm()
				uid, gid = owner(st)
			}
		}
	}
	// The owner first: a chown may clear the set-id bits a chmod sets.
	if err := setOwner(tmp, uid, gid); err != nil && f.exists {
		return &RefusedError{Name: f.name, Why: fmt.Sprintf("replacing it would change its owner (uid %d, gid %d), which this process may not set; "+
			"run the command as its owner, or as root; nothing was written", uid, gid)}
	}
	// (A new file may well belong to whoever makes it.)
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	return tmp.Close()
}

// check returns a *ChangedError when the file on disk is no longer what
// Open read: another target, created, removed, or other bytes. A file saved
// again with the same bytes has not changed; its mode and owner are taken
// afresh, so that a chmod made meanwhile is kept.
func (f *File) check() error {
	changed := func(format string, args ...any) error {
		return &ChangedError{Name: f.name, What: fmt.Sprintf(format, args...)}
	}
	target, err := resolve(f.path)
	if err != nil {
		return changed("it cannot be read any more: %v", err)
	}
	if target != f.target {
		return changed("it now leads to %s, not %s", target, f.target)
	}
	now, err := compare(f.target, f.data)
	if err != nil {
		return changed("it cannot be read any more: %v", err)
	}
	switch {
	case now.exists && !f.exists:
		return changed("someone created it meanwhile")
	case !now.exists && f.exists:
		return changed("someone deleted or moved it meanwhile")
	case now.exists && now.size != int64(len(f.data)):
		return changed("someone saved it meanwhile: it is now %d bytes, not %d", now.size, len(f.data))
	case now.exists && now.diff >= 0:
		return changed("someone saved it meanwhile: its text differs from line %d", 1+bytes.Count(f.data[:now.diff], []byte("\n")))
	}
	f.mode, f.uid, f.gid = now.mode, now.uid, now.gid
	if f.exists {
		return f.writable()
	}
	return nil
}

// compareWith reads r to its end and compares it with want, a piece at a
// time. It returns how many bytes r gave and the offset of the first byte
// where they differ from want, -1 when none does (a length that differs
// is the caller's to see).
func compareWith(r io.Reader, want []byte) (n int64, diff int, err error) {
	buf := make([]byte, 64<<10)
	diff = -1
	for {
		k, err := r.Read(buf)
		if k > 0 && diff < 0 {
			got, rest := buf[:k], want[min(int(n), len(want)):]
			if m := min(len(got), len(rest)); !bytes.Equal(got[:m], rest[:m]) {
				i := 0
				for got[i] == rest[i] {
					i++
				}
				diff = int(n) + i
			}
		}
		n += int64(k)
		if err == io.EOF {
			return n, diff, nil
		}
		if err != nil {
			return n, diff, err
		}
	}
}

// syncDir syncs a folder, so that a rename in it survives a crash. Not
// every system can; the file is in place either way.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
