package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The scripts' commands for errcat serve. testscript's own background exec
// (`exec errcat serve &`) holds a process's output until it exits, so a
// script could not learn the address a server on port 0 took; these keep
// the log readable while the server runs:
//
//	serve NAME [ARGS...]     start errcat serve ARGS in the background and wait
//	                         until it listens; $NAME is its address, and
//	                         $NAME_metrics its --metrics-addr listener's
//	http [-H 'K: V']... METHOD URL
//	                         send a request; stdout is the status, the headers
//	                         (sorted, without Date) and the body
//	signal NAME HUP|INT|TERM send the server a signal
//	waitlog NAME PATTERN     wait until the server's log matches PATTERN
//	shutdown NAME            send SIGTERM and wait for the exit, which must be
//	                         0 (with !, must not); stdout and stderr are then
//	                         the server's
//
// The server runs the script's errcat, with the script's environment: the
// variables below, which are all errcat serve reads.
var scriptServeCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"serve":    cmdServe,
	"http":     cmdHTTP,
	"signal":   cmdSignal,
	"waitlog":  cmdWaitlog,
	"shutdown": cmdShutdown,
}

// scriptEnv lists the variables a background server gets from the script.
func scriptEnv() []string {
	keys := []string{"PATH", "HOME", "TMPDIR", "WORK", "GORACE", "GOCOVERDIR", "SYSTEMROOT", "ERRCAT_CACHE_DIR"}
	for _, o := range serveOptions {
		keys = append(keys, o.envName())
	}
	return keys
}

// A scriptServer is one errcat serve a script started.
type scriptServer struct {
	cmd            *exec.Cmd
	stdout, stderr *lockedBuffer
	exited         chan struct{}
}

// scriptServers holds each running script's servers by name.
var scriptServers sync.Map // *testscript.TestScript → map[string]*scriptServer

func servers(ts *testscript.TestScript) map[string]*scriptServer {
	m, _ := scriptServers.LoadOrStore(ts, map[string]*scriptServer{})
	return m.(map[string]*scriptServer)
}

func findServer(ts *testscript.TestScript, name string) *scriptServer {
	s := servers(ts)[name]
	if s == nil {
		ts.Fatalf("no server %q (start it with serve %s)", name, name)
	}
	return s
}

var metricsAddrRE = regexp.MustCompile(`metrics_addr=(\S+)|"metrics_addr":"([^"]+)"`)

func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! serve (use status 2 errcat serve ...)")
	}
	if len(args) < 1 {
		ts.Fatalf("usage: serve NAME [ARGS...]")
	}
	name := args[0]
	if servers(ts)[name] != nil {
		ts.Fatalf("server %q is already running", name)
	}
	bin := ""
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if p := filepath.Join(dir, "errcat"); fileExists(p) || fileExists(p+".exe") {
			bin = p
			break
		}
	}
	if bin == "" {
		ts.Fatalf("no errcat in $PATH")
	}
	s := &scriptServer{stdout: new(lockedBuffer), stderr: new(lockedBuffer), exited: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"serve"}, args[1:]...)...)
	s.cmd.Dir = ts.MkAbs(".")
	for _, k := range scriptEnv() {
		if v := ts.Getenv(k); v != "" {
			s.cmd.Env = append(s.cmd.Env, k+"="+v)
		}
	}
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	ts.Check(s.cmd.Start())
	go func() { s.cmd.Wait(); close(s.exited) }()
	servers(ts)[name] = s
	ts.Defer(func() {
		select {
		case <-s.exited:
		default:
			s.cmd.Process.Kill()
			<-s.exited
		}
		scriptServers.Delete(ts)
	})

	deadline := time.Now().Add(30 * time.Second)
	for {
		log := s.stderr.String()
		if m := listeningRE.FindStringSubmatch(log); m != nil {
			ts.Setenv(name, m[1]+m[2])
			if m := metricsAddrRE.FindStringSubmatch(log); m != nil {
				ts.Setenv(name+"_metrics", m[1]+m[2])
			}
			return
		}
		select {
		case <-s.exited:
			ts.Fatalf("errcat serve exited before listening (%v):\n%s", s.cmd.ProcessState, log)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			ts.Fatalf("errcat serve did not listen within 30s:\n%s", log)
		}
	}
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

func cmdHTTP(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! http (check the status line on stdout)")
	}
	var header [][2]string
	for len(args) >= 2 && args[0] == "-H" {
		k, v, ok := strings.Cut(args[1], ":")
		if !ok {
			ts.Fatalf("http: -H %q is not NAME: VALUE", args[1])
		}
		header = append(header, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		args = args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: http [-H 'NAME: VALUE']... METHOD URL")
	}
	req, err := http.NewRequest(args[0], args[1], nil)
	ts.Check(err)
	for _, h := range header {
		req.Header.Set(h[0], h[1])
	}
	client := &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	ts.Check(err)
	w := ts.Stdout()
	fmt.Fprintln(w, resp.Status)
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range resp.Header {
			if k != "Date" && !yield(k) {
				return
			}
		}
	})
	for _, k := range names {
		for _, v := range resp.Header[k] {
			fmt.Fprintf(w, "%s: %s\n", k, v)
		}
	}
	fmt.Fprintln(w)
	w.Write(body)
}

var scriptSignals = map[string]os.Signal{"HUP": syscall.SIGHUP, "INT": os.Interrupt, "TERM": syscall.SIGTERM}

func cmdSignal(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 || scriptSignals[args[1]] == nil {
		ts.Fatalf("usage: signal NAME HUP|INT|TERM")
	}
	s := findServer(ts, args[0])
	ts.Check(s.cmd.Process.Signal(scriptSignals[args[1]]))
}

func cmdWaitlog(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitlog NAME PATTERN")
	}
	s := findServer(ts, args[0])
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	deadline := time.Now().Add(30 * time.Second)
	for !re.MatchString(s.stderr.String()) {
		select {
		case <-s.exited:
			if re.MatchString(s.stderr.String()) {
				return
			}
			ts.Fatalf("the server exited (%v) before its log matched %q:\n%s", s.cmd.ProcessState, args[1], s.stderr)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			ts.Fatalf("the server's log did not match %q within 30s:\n%s", args[1], s.stderr)
		}
	}
}

func cmdShutdown(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: shutdown NAME")
	}
	s := findServer(ts, args[0])
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		ts.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		ts.Fatalf("the server did not exit within 30s of SIGTERM:\n%s", s.stderr)
	}
	delete(servers(ts), args[0])
	ts.Stdout().Write([]byte(s.stdout.String()))
	ts.Stderr().Write([]byte(s.stderr.String()))
	if ok := s.cmd.ProcessState.Success(); ok == neg {
		ts.Fatalf("errcat serve exited with %v", s.cmd.ProcessState)
	}
}

// scriptCmds returns cmds with the serving commands above.
func scriptCmds(cmds map[string]func(ts *testscript.TestScript, neg bool, args []string)) map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	for name, cmd := range scriptServeCmds {
		cmds[name] = cmd
	}
	return cmds
}
