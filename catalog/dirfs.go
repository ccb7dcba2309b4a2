package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// DirFS returns the file system of the folder dir, as os.DirFS does, for
// reading bundles: opening a file never waits. os.DirFS opens a FIFO by
// waiting for a writer, which may never come, and a folder that is being
// changed can turn a bundle into a FIFO between the listing and the read.
// DirFS opens without waiting (O_NONBLOCK) and refuses anything but a
// regular file or a folder.
func DirFS(dir string) fs.FS { return dirFS(dir) }

type dirFS string

func (d dirFS) join(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(string(d), filepath.FromSlash(name)), nil
}

func (d dirFS) Open(name string) (fs.File, error) {
	p, err := d.join("open", name)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if t := st.Mode().Type(); !t.IsRegular() && !t.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%s, not a regular file", describeMode(t))}
	}
	return f, nil
}

func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	p, err := d.join("stat", name)
	if err != nil {
		return nil, err
	}
	return os.Stat(p)
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := d.join("readdir", name)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(p)
}

// readTimeout bounds the time one bundle's read may take. A read from a
// network file system whose server stopped answering can block for ever in
// the kernel; the loader then gives up on that file with an error (its
// read goes on in the background until the system returns it) rather than
// hang a reload, or a command, with it.
var readTimeout = 10 * time.Second

// errReadTimeout is the cause of a read that took over readTimeout.
var errReadTimeout = errors.New("the file system did not answer")

// readBounded is readLimited within readTimeout.
func readBounded(fsys fs.FS, name string) ([]byte, error) {
	return within(readTimeout, func() ([]byte, error) { return readLimited(fsys, name) })
}

// readBoundedInto is readLimitedInto within readTimeout.
func readBoundedInto(fsys fs.FS, name string, buf []byte) ([]byte, error) {
	return within(readTimeout, func() ([]byte, error) { return readLimitedInto(fsys, name, buf) })
}

// readBoundedText is readLimitedText within readTimeout.
func readBoundedText(fsys fs.FS, name string) (string, error) {
	return within(readTimeout, func() (string, error) { return readLimitedText(fsys, name) })
}

// within returns what read returns, or an error once d has passed; read
// goes on in the background until the system returns.
func within[T any](d time.Duration, read func() (T, error)) (T, error) {
	type result struct {
		data T
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := read()
		done <- result{data, err}
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.data, r.err
	case <-timer.C:
		var zero T
		return zero, fmt.Errorf("reading took over %v: %w", d, errReadTimeout)
	}
}
