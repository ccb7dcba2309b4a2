package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/errcat/errcat/locales"
)

// lockedBuffer collects a command's stderr while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listeningRE finds the address in serve's "listening" line, in either
// log format.
var listeningRE = regexp.MustCompile(`msg=listening addr=(\S+)|"msg":"listening","addr":"([^"]+)"`)

// waitListening waits until serve logs the address it listens on.
func waitListening(t *testing.T, stderr interface{ String() string }, exited <-chan struct{}) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := listeningRE.FindStringSubmatch(stderr.String()); m != nil {
			return m[1] + m[2]
		}
		select {
		case <-exited:
			t.Fatalf("serve exited before listening:\n%s", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not log its address:\n%s", stderr.String())
	return ""
}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func copyLocales(t *testing.T, dir string) {
	t.Helper()
	if err := os.CopyFS(dir, locales.FS); err != nil {
		t.Fatal(err)
	}
}

// serveInProcess runs `errcat serve args...` through run, as main would,
// until the returned stop is called; stop returns the exit code.
func serveInProcess(t *testing.T, args ...string) (addr string, stderr *lockedBuffer, stop func() int) {
	t.Helper()
	return serveInProcessEnv(t, nil, args...)
}

// serveInProcessEnv is serveInProcess with the environment variables
// getenv holds.
func serveInProcessEnv(t *testing.T, getenv map[string]string, args ...string) (addr string, stderr *lockedBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = new(lockedBuffer)
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr, getenv: func(k string) string { return getenv[k] }}
	exited := make(chan struct{})
	code := -1
	go func() {
		defer close(exited)
		code = run(ctx, append([]string{"serve"}, args...), e)
	}()
	addr = waitListening(t, stderr, exited)
	stop = func() int {
		cancel()
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not return after its context was cancelled")
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return addr, stderr, stop
}

func TestServeEmbedded(t *testing.T) {
	addr, stderr, stop := serveInProcess(t, "--addr", "127.0.0.1:0")
	resp, body := get(t, "http://"+addr+"/v1/errors/2004", "Accept-Language", "ja")
	if want := `{"message":` + jsonString(shippedText(t, "ja", 2004)) + `,"code":2004,"data":null}` + "\n"; resp.StatusCode != 200 || body != want {
		t.Errorf("GET /v1/errors/2004: %d %s, want 200 %s", resp.StatusCode, body, want)
	}
	// The embedded catalog changes only with the binary: caches may keep
	// its answers a minute.
	if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("Cache-Control %q", cc)
	}
	if resp, _ := get(t, "http://"+addr+"/readyz"); resp.StatusCode != 200 {
		t.Errorf("readyz: %d", resp.StatusCode)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit code %d after cancel, want 0:\n%s", code, stderr)
	}
	out := stderr.String()
	for _, want := range []string{"locales=embedded", "msg=\"shutting down\"", "msg=stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "msg=request") {
		t.Errorf("access log without --access-log:\n%s", out)
	}
}

// --locales serves a translator's working copy and reloads it on save.
func TestServeLocalesDir(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	addr, stderr, stop := serveInProcess(t, "--addr", "127.0.0.1:0", "--locales", dir, "--access-log")
	resp, body := get(t, "http://"+addr+"/v1/errors/2004?lang=ja")
	if resp.StatusCode != 200 || !strings.Contains(body, jsonString(shippedText(t, "ja", 2004))) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	// A watched directory may change at any moment: revalidate every time.
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q", cc)
	}
	ja, err := os.ReadFile(filepath.Join(dir, "ja.toml"))
	if err != nil {
		t.Fatal(err)
	}
	edited, ok := withText(string(ja), "2004", "ユーザーが見つかりません（編集済み）。")
	if !ok {
		t.Fatal("bad test: ja.toml lacks 2004")
	}
	if err := os.WriteFile(filepath.Join(dir, "ja.toml"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		if _, body := get(t, "http://"+addr+"/v1/errors/2004?lang=ja"); strings.Contains(body, "ユーザーが見つかりません（編集済み）。") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the edit was not served:\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	out := stderr.String()
	for _, want := range []string{
		"locales=" + dir,
		`msg="catalog reloaded"`,
		`msg=request method=GET path="/v1/errors/2004?lang=ja" route="GET /v1/errors/{code}" status=200`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// An invalid catalog at start-up is an error with every problem listed by
// file and line, and exit status 2; nothing is served.
func TestServeInvalidCatalog(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ja.toml", "[\"2004\"]\nother = \"ユーザー\"\n\n[\"2005\"] junk\n")
	write("fr.toml", "[\"2004\"]\nothr = \"x\"\n")
	var stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--locales", dir}, e)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	out := stderr.String()
	for _, want := range []string{
		filepath.Join(dir, "fr.toml") + ":2:1: error: code 2004: unknown key \"othr\"",
		filepath.Join(dir, "ja.toml") + ":4:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "listening") {
		t.Errorf("serve listened with an invalid catalog:\n%s", out)
	}
}

// Each flag can come from its ERRCAT_ variable, and a flag on the command
// line wins over its variable.
func TestServeEnv(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "en.toml"), []byte("[\"7001\"]\nother = \"The widget is broken\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, stderr, stop := serveInProcessEnv(t, map[string]string{
		"ERRCAT_ADDR":        "127.0.0.1:-1", // overridden by --addr
		"ERRCAT_LOCALES":     dir,
		"ERRCAT_ACCESS_LOG":  "true",
		"ERRCAT_LOG_FORMAT":  "json",
		"ERRCAT_PAGES":       "false",
		"ERRCAT_CORS_ORIGIN": "https://a.example, https://B.example",
	}, "--addr", "127.0.0.1:0")
	resp, body := get(t, "http://"+addr+"/v1/errors/7001", "Origin", "https://b.example")
	if resp.StatusCode != 200 || !strings.Contains(body, "The widget is broken") {
		t.Fatalf("GET /v1/errors/7001: %d %s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://b.example" {
		t.Errorf("Access-Control-Allow-Origin %q, want the second origin of the list, in lower case", got)
	}
	if resp, _ := get(t, "http://"+addr+"/"); resp.StatusCode != 404 {
		t.Errorf("GET / with ERRCAT_PAGES=false: %d, want 404", resp.StatusCode)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit code %d:\n%s", code, stderr)
	}
	var sawRequest bool
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("ERRCAT_LOG_FORMAT=json: a line that is not JSON: %s", line)
		}
		sawRequest = sawRequest || rec["msg"] == "request"
	}
	if !sawRequest {
		t.Errorf("ERRCAT_ACCESS_LOG=true logged no request:\n%s", stderr)
	}
}

func TestServeUsage(t *testing.T) {
	tests := []struct {
		args   []string
		getenv map[string]string
		code   int
		stdout string
		stderr string
	}{
		{args: []string{"serve", "extra"}, code: 2, stderr: `unexpected argument "extra"`},
		{args: []string{"serve", "--port", "80"}, code: 2, stderr: "errcat serve: flag provided but not defined: --port"},
		{args: []string{"serve", "-h"}, code: 0, stdout: "usage: errcat serve [--addr HOST:PORT] [--locales DIR] [flags]"},
		{args: []string{"serve", "--help"}, code: 0, stdout: "\n  --addr HOST:PORT           ERRCAT_ADDR\n"},
		{args: []string{"serve", "--addr", "127.0.0.1:-1"}, code: 1, stderr: "errcat serve: --addr 127.0.0.1:-1: listen tcp"},
		{args: []string{"serve"}, getenv: map[string]string{"ERRCAT_ADDR": "127.0.0.1:-1"}, code: 1, stderr: "errcat serve: ERRCAT_ADDR=127.0.0.1:-1: listen tcp"},
		{args: []string{"serve", "--locales", "/nonexistent"}, code: 2, stderr: "errcat serve: --locales /nonexistent: no such folder\n"},
		{args: []string{"serve", "--locales", "serve_test.go"}, code: 2, stderr: "errcat serve: --locales serve_test.go: not a folder\n"},
		{args: []string{"serve"}, getenv: map[string]string{"ERRCAT_LOCALES": "/nonexistent"}, code: 2, stderr: "errcat serve: ERRCAT_LOCALES=/nonexistent: no such folder\n"},
		{args: []string{"serve", "--log-format", "xml"}, code: 2, stderr: `errcat serve: --log-format xml: unknown log format (use text, json)`},
		{args: []string{"serve"}, getenv: map[string]string{"ERRCAT_ACCESS_LOG": "yes please"}, code: 2, stderr: "errcat serve: ERRCAT_ACCESS_LOG=yes please: not a boolean (use true or false)"},
		{args: []string{"serve", "--pages=maybe"}, code: 2, stderr: `errcat serve: invalid boolean value "maybe" for --pages`},
		{args: []string{"serve", "--cors-origin", "https://app.example.com/"}, code: 2, stderr: "an origin has no path: write https://app.example.com"},
		{args: []string{"serve", "--cors-origin", "app.example.com"}, code: 2, stderr: "not an origin: write it as scheme://host[:port]"},
		{args: []string{"serve"}, getenv: map[string]string{"ERRCAT_CORS_ORIGIN": "https://a.example, null"}, code: 2, stderr: `errcat serve: ERRCAT_CORS_ORIGIN=null: the "null" origin`},
	}
	for _, tt := range tests {
		var stdout, stderr lockedBuffer
		e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return tt.getenv[k] }}
		if code := run(context.Background(), tt.args, e); code != tt.code {
			t.Errorf("%v %v: exit code %d, want %d", tt.getenv, tt.args, code, tt.code)
		}
		if !strings.Contains(stdout.String(), tt.stdout) || tt.stdout == "" && stdout.String() != "" {
			t.Errorf("%v %v: stdout lacks %q:\n%s", tt.getenv, tt.args, tt.stdout, stdout.String())
		}
		if !strings.Contains(stderr.String(), tt.stderr) || tt.stderr == "" && stderr.String() != "" {
			t.Errorf("%v %v: stderr lacks %q:\n%s", tt.getenv, tt.args, tt.stderr, stderr.String())
		}
	}
}

// A request in flight when SIGTERM arrives completes, then the process
// exits 0. The request is held in flight honestly, without a slow route: it
// is a slow upload. The client sends a header that announces a 10-byte body
// and only half the body; the handler runs (and logs) at once, but
// net/http reads the rest of an unread body before it sends the response,
// so the response waits for the client. The client sends the rest only once
// the server has stopped accepting connections.
//
// (A request whose header is still incomplete would not do: net/http drops
// a request whose header arrives after Shutdown has begun.)
func TestServeShutdown(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	p := startServeBinary(t)
	cmd, stderr, exited, addr := p.cmd, p.stderr, p.exited, p.addr

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const request = "GET /v1/errors/2004 HTTP/1.1\r\nHost: errcat\r\nAccept-Language: ja\r\nContent-Length: 10\r\n\r\n"
	if _, err := io.WriteString(conn, request+"12345"); err != nil {
		t.Fatal(err)
	}
	// The access log line shows the server has read the request and run
	// the handler: the request is in flight.
	const logged = `msg=request method=GET path=/v1/errors/2004 route="GET /v1/errors/{code}" status=200`
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(stderr.String(), logged) {
		if time.Now().After(deadline) {
			t.Fatalf("the request was not handled:\n%s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Shutdown closes the listener first: wait until a new connection is
	// refused.
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("still accepting connections after SIGTERM:\n%s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The process waits for the request rather than exiting.
	select {
	case <-exited:
		t.Fatalf("the process exited with a request in flight:\n%s", stderr.String())
	case <-time.After(200 * time.Millisecond):
	}

	// The rest of the request.
	if _, err := io.WriteString(conn, "67890"); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight failed: %v\n%s", err, stderr.String())
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var envelope struct {
		Message string
		Code    int
	}
	json.Unmarshal(body, &envelope)
	if resp.StatusCode != 200 || envelope.Code != 2004 || envelope.Message != shippedText(t, "ja", 2004) {
		t.Errorf("the request in flight got %d %s", resp.StatusCode, body)
	}
	// The server closes the connection rather than wait for another
	// request.
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after the last response: read %d bytes, %v; want EOF", n, err)
	}

	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("the process did not exit after its last request:\n%s", stderr.String())
	}
	if p.waitErr != nil {
		t.Errorf("exit: %v, want status 0:\n%s", p.waitErr, stderr.String())
	}
	out := stderr.String()
	for _, want := range []string{`msg="shutting down"`, "msg=stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// A serveProcess is the real errcat binary running errcat serve.
type serveProcess struct {
	cmd     *exec.Cmd
	stderr  *lockedBuffer
	exited  chan struct{} // closed once the process has exited
	waitErr error         // its exit status; read after exited is closed
	addr    string
}

// startServeBinary builds errcat, starts errcat serve on a free port with
// the access log on, and waits until it listens. The process is killed at
// the end of the test if it is still running.
func startServeBinary(t *testing.T) *serveProcess {
	t.Helper()
	bin := buildErrcat(t)
	p := &serveProcess{stderr: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--access-log")
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.waitErr = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	p.addr = waitListening(t, p.stderr, p.exited)
	return p
}
