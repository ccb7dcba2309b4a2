//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package safefile

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lockFile takes the lock of the lock file at name for the file shown as
// shown, waiting for another holder as Options say, and returns the
// function that releases it. A file system without flock (some FUSE and
// network ones) gets no lock: the check before the rename still holds.
func lockFile(ctx context.Context, name, shown string, opts Options) (unlock func(), err error) {
	start := time.Now()
	told := false
	for {
		fd, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o666)
		if errors.Is(err, os.ErrPermission) {
			// A lock file another user left behind (killed while holding
			// it): flock works on a descriptor open for reading too.
			fd, err = os.Open(name)
		}
		if err != nil {
			return nil, err
		}
		err = syscall.Flock(int(fd.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			// The holder before may have removed the lock file after we
			// opened it, and another process made a new one: then this
			// lock guards nothing, and we start again.
			held, serr := fd.Stat()
			now, lerr := os.Stat(name)
			if serr != nil || lerr != nil || !os.SameFile(held, now) {
				fd.Close()
				continue
			}
			fd.Truncate(0)
			fd.WriteString(strconv.Itoa(os.Getpid()) + "\n")
			return func() {
				// Removed while still held, so that whoever opened it
				// meanwhile sees it gone and starts again.
				os.Remove(name)
				fd.Close()
			}, nil
		case errors.Is(err, syscall.ENOLCK) || errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOSYS):
			fd.Close()
			os.Remove(name)
			return func() {}, nil
		case !errors.Is(err, syscall.EWOULDBLOCK):
			fd.Close()
			return nil, err
		}
		fd.Close()
		waited := time.Since(start)
		if waited >= opts.Wait {
			return nil, &LockedError{Name: shown, PID: holder(name), Wait: opts.Wait}
		}
		if !told && waited > 500*time.Millisecond && opts.Waiting != nil {
			told = true
			opts.Waiting(holder(name))
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// holder returns the process id the lock file at name holds, or 0.
func holder(name string) int {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid
}
