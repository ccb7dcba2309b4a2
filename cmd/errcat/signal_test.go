//go:build unix

package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignals sends signals to the real binary of commands that hang, and
// checks that they end, promptly and with a status that is not 0.
func TestSignals(t *testing.T) {
	bin := buildErrcat(t)
	// exits waits for the command to end, for up to bound, and returns how
	// it ended.
	exits := func(t *testing.T, cmd *exec.Cmd, bound time.Duration) *os.ProcessState {
		t.Helper()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
			return cmd.ProcessState
		case <-time.After(bound):
			cmd.Process.Kill()
			<-done
			t.Fatalf("errcat %s did not end within %v of the signal\nstderr:\n%s", cmd.Args[1], bound, cmd.Stderr)
			return nil
		}
	}

	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run("merge held before its write, "+sig.String(), func(t *testing.T) {
			dir := writeSafeCatalog(t)
			ja, work := readOrFatal(t, filepath.Join(dir, "ja.toml")), readOrFatal(t, filepath.Join(dir, "translate.ja.toml"))
			cmd, pause := startPaused(t, bin, dir, "merge")
			waitPaused(t, cmd, pause)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			st := exits(t, cmd, 5*time.Second)
			if st.ExitCode() != exitProblems || !strings.Contains(cmd.Stderr.(*bytes.Buffer).String(), "errcat merge: interrupted before writing") {
				t.Errorf("errcat merge ended with %v, want exit 1 saying it was interrupted\n%s", st, cmd.Stderr)
			}
			if !bytes.Equal(readOrFatal(t, filepath.Join(dir, "ja.toml")), ja) || !bytes.Equal(readOrFatal(t, filepath.Join(dir, "translate.ja.toml")), work) {
				t.Error("the interrupted merge changed a file")
			}
			if got := listNames(t, dir); !slices.Equal(got, []string{"en.toml", "ja.toml", "translate.ja.toml"}) {
				t.Errorf("the interrupted merge left %q", got)
			}
		})
	}

	t.Run("the second SIGTERM ends a serve that is draining", func(t *testing.T) {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
		var stderr lockedBuffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		addr := waitListening(t, &stderr, exited)
		// A client that sent half its request header: the drain waits for
		// the rest, up to the server's header timeout of seconds.
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.Write([]byte("GET /v1/errors HTTP/1.1\r\nHost: x\r\n")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond) // for the server to read it
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); !strings.Contains(stderr.String(), "shutting down"); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("serve did not start draining:\n%s", stderr.String())
			}
		}
		select {
		case <-exited:
			t.Skip("serve finished draining before the second signal; nothing to test")
		case <-time.After(200 * time.Millisecond):
		}
		sent := time.Now()
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		select {
		case <-exited:
		case <-time.After(2 * time.Second):
			t.Fatalf("serve was still draining 2s after the second SIGTERM\n%s", stderr.String())
		}
		st := cmd.ProcessState
		if ws, ok := st.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
			t.Errorf("serve ended with %v, want killed by SIGTERM", st)
		}
		t.Logf("ended %v after the second SIGTERM", time.Since(sent).Round(time.Millisecond))
	})

	t.Run("SIGTERM ends a command that does not watch for it", func(t *testing.T) {
		// A FIFO named like a bundle, with no writer: opening it blocks.
		dir := t.TempDir()
		writeOrFatal(t, filepath.Join(dir, "en.toml"), []byte(safeEN))
		if err := syscall.Mkfifo(filepath.Join(dir, "ja.toml"), 0o644); err != nil {
			t.Skip(err)
		}
		cmd := exec.Command(bin, "lint", "--locales", dir)
		cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		time.Sleep(300 * time.Millisecond)
		// An exited child is a zombie until waited for, and a signal to it
		// still succeeds: look at its state too.
		stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid))
		if err := cmd.Process.Signal(syscall.Signal(0)); err != nil || bytes.Contains(stat, []byte(") Z ")) {
			cmd.Wait()
			t.Skipf("errcat lint did not hang on a FIFO (%v); nothing to interrupt", cmd.ProcessState)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if st := exits(t, cmd, 5*time.Second); st.Success() {
			t.Errorf("errcat lint ended with %v, want a failure", st)
		}
	})
}
