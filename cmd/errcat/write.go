package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/safefile"
)

// pauseEnv names errcat's one test-only hook. ERRCAT_TEST_PAUSE_BEFORE_WRITE
// set to FILE makes merge and todo, after writing their temporary files and
// before checking that the files they replace are unchanged, append the
// name of each such file to FILE.paused and wait until FILE exists (or the
// command is interrupted). A test uses it to save a file in the moment
// between the command's read and its write, which otherwise lasts
// milliseconds, and to have a command that hangs until told; it is for
// nothing else.
const pauseEnv = "ERRCAT_TEST_PAUSE_BEFORE_WRITE"

// openFile locks and reads a translator's file for a compare-and-swap
// write: path on disk, shown as diagnostics name it; a new file takes the
// mode and owner of like. On failure it prints why and returns false.
func (f *catalogFlags) openFile(ctx context.Context, path, shown, like string) (*safefile.File, bool) {
	e := f.e
	h, err := safefile.Open(ctx, path, safefile.Options{
		Name:    shown,
		Like:    like,
		MaxSize: catalog.MaxBundleSize,
		Waiting: func(pid int) {
			who := "another errcat"
			if pid > 0 {
				who = fmt.Sprintf("process %d", pid)
			}
			fmt.Fprintf(e.stderr, "errcat %s: waiting for %s, which is writing %s\n", f.name, who, shown)
		},
		BeforeCheck: testPause(e.getenv(pauseEnv)),
	})
	if err != nil {
		f.writeError(err, shown)
		return nil, false
	}
	return h, true
}

// commit makes the changes, all or none (safefile.Commit). On failure it
// prints why and what to do, and returns false.
func (f *catalogFlags) commit(ctx context.Context, changes ...safefile.Change) bool {
	if err := safefile.Commit(ctx, changes...); err != nil {
		f.writeError(err, changes[0].File.Name())
		return false
	}
	return true
}

// writeError prints why reading or writing file failed.
func (f *catalogFlags) writeError(err error, file string) {
	var ce *safefile.ChangedError
	var re *safefile.RefusedError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintf(f.e.stderr, "errcat %s: %s changed since %s read it (%s); nothing was written; run errcat %s again\n",
			f.name, ce.Name, f.name, ce.What, f.name)
	case errors.As(err, &re):
		fmt.Fprintf(f.e.stderr, "errcat %s: %s\n", f.name, re)
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(f.e.stderr, "errcat %s: interrupted before writing %s; nothing was written\n", f.name, file)
	default:
		fmt.Fprintf(f.e.stderr, "errcat %s: %v\n", f.name, err)
	}
}

// testPause returns the hook of ERRCAT_TEST_PAUSE_BEFORE_WRITE=file, or
// nil when file is "".
func testPause(file string) func(ctx context.Context, name string) error {
	if file == "" {
		return nil
	}
	return func(ctx context.Context, name string) error {
		if m, err := os.OpenFile(file+".paused", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644); err == nil {
			fmt.Fprintln(m, name)
			m.Close()
		}
		for {
			if _, err := os.Stat(file); err == nil {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
}
