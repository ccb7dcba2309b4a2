package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// These tests change a served folder the way deployments and tools do
// (a Kubernetes ConfigMap update, a folder replaced whole, a slow writer, a
// FIFO, a chmod) under the real errcat serve, with clients requesting all
// along. Each change must be served within newTextBound, and no request
// may fail or see a partial catalog. The figures they log are those of
// docs/RELIABILITY.md.

// newTextBound bounds how long a change may take to be served. A change
// is served within about half a second (two looks 250 ms apart), or a
// second and a half when the folder itself was replaced and is found by
// the poll; the bound leaves room for a loaded machine.
const newTextBound = 10 * time.Second

// traffic is clients requesting a server until stopped, each response
// checked.
type traffic struct {
	stop     chan struct{}
	wg       sync.WaitGroup
	requests atomic.Int64
	failures atomic.Int64
	mu       sync.Mutex
	first    []string // the first failures, for the report
}

// startTraffic starts n clients of addr, each requesting the paths in
// turn; check returns an error for a response that is wrong.
func startTraffic(t *testing.T, addr string, n int, paths []string, check func(path string, resp *http.Response, body []byte) error) *traffic {
	tr := &traffic{stop: make(chan struct{})}
	for c := range n {
		client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		tr.wg.Go(func() {
			defer client.CloseIdleConnections()
			for i := c; ; i++ {
				select {
				case <-tr.stop:
					return
				default:
				}
				path := paths[i%len(paths)]
				var err error
				resp, gerr := client.Get("http://" + addr + path)
				if gerr != nil {
					err = gerr
				} else {
					body, rerr := io.ReadAll(resp.Body)
					resp.Body.Close()
					if err = rerr; err == nil {
						err = check(path, resp, body)
					}
				}
				tr.requests.Add(1)
				if err != nil {
					tr.failures.Add(1)
					tr.mu.Lock()
					if len(tr.first) < 5 {
						tr.first = append(tr.first, fmt.Sprintf("GET %s: %v", path, err))
					}
					tr.mu.Unlock()
				}
			}
		})
	}
	t.Cleanup(tr.end)
	return tr
}

func (tr *traffic) end() {
	select {
	case <-tr.stop:
	default:
		close(tr.stop)
	}
	tr.wg.Wait()
}

// report stops the clients and fails the test if any request failed.
func (tr *traffic) report(t *testing.T, what string) {
	t.Helper()
	tr.end()
	n, failed := tr.requests.Load(), tr.failures.Load()
	t.Logf("%s: failed requests: %d of %d", what, failed, n)
	if failed > 0 {
		t.Errorf("%d of %d requests failed:\n%s", failed, n, strings.Join(tr.first, "\n"))
	}
	if n < 10 {
		t.Errorf("only %d requests: the clients did not run", n)
	}
}

type envelopeBody struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
}

// messageIn checks a response of GET /v1/errors/2004?lang=ja: 200, in ja,
// with one of the texts the test has written.
func messageIn(texts *sync.Map) func(string, *http.Response, []byte) error {
	return func(_ string, resp *http.Response, body []byte) error {
		var env envelopeBody
		if err := json.Unmarshal(body, &env); err != nil || resp.StatusCode != 200 {
			return fmt.Errorf("%d %s", resp.StatusCode, body)
		}
		if cl := resp.Header.Get("Content-Language"); cl != "ja" {
			return fmt.Errorf("Content-Language %q", cl)
		}
		if _, ok := texts.Load(env.Message); !ok {
			return fmt.Errorf("text %q was never written", env.Message)
		}
		return nil
	}
}

// served returns the text of 2004 in ja.
func served(addr string) string {
	resp, err := http.Get("http://" + addr + "/v1/errors/2004?lang=ja")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var env envelopeBody
	json.NewDecoder(resp.Body).Decode(&env)
	return env.Message
}

// awaitText waits until addr serves text, and returns how long it took;
// false when it did not within newTextBound.
func awaitText(addr, text string) (time.Duration, bool) {
	start := time.Now()
	for time.Since(start) < newTextBound {
		if served(addr) == text {
			return time.Since(start), true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start), false
}

// jaWith returns the shipped ja.toml with text for 2004.
func jaWith(t *testing.T, text string) string {
	t.Helper()
	ja, err := os.ReadFile(filepath.Join("..", "..", "locales", "ja.toml"))
	if err != nil {
		t.Fatal(err)
	}
	out, ok := withText(string(ja), "2004", text)
	if !ok {
		t.Fatal("bad test: ja.toml lacks 2004")
	}
	return out
}

func writeText(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A Kubernetes ConfigMap volume: the bundles are links, ja.toml ->
// ..data/ja.toml, and ..data links to a timestamped folder. An update
// writes a new timestamped folder, points ..data_tmp at it, renames
// ..data_tmp over ..data and removes the old folder; no bundle's own name
// is touched. Each update must be served.
func TestServeSeesConfigMapUpdates(t *testing.T) {
	const updates = 5
	dir := t.TempDir()
	stamp := func(i int) string { return fmt.Sprintf("..2026_12_01_10_00_%02d.%09d", i, 100+i) }
	texts := &sync.Map{}
	version := func(i int) string { return fmt.Sprintf("ユーザーが存在しません（ConfigMap 版 %d）", i) }
	populate := func(i int) {
		sub := filepath.Join(dir, stamp(i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		copyLocales(t, sub)
		texts.Store(version(i), true)
		writeText(t, filepath.Join(sub, "ja.toml"), jaWith(t, version(i)))
	}
	populate(0)
	if err := os.Symlink(stamp(0), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, stamp(0)))
	for _, e := range ents {
		if err := os.Symlink(filepath.Join("..data", e.Name()), filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	addr, stderr, stop := serveInProcess(t, "--addr", "127.0.0.1:0", "--locales", dir)
	if got := served(addr); got != version(0) {
		t.Fatalf("serving %q, want %q", got, version(0))
	}
	tr := startTraffic(t, addr, 4, []string{"/v1/errors/2004?lang=ja"}, messageIn(texts))

	seen, slowest := 0, time.Duration(0)
	for i := 1; i <= updates; i++ {
		populate(i)
		tmp := filepath.Join(dir, "..data_tmp")
		if err := os.Symlink(stamp(i), tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(filepath.Join(dir, stamp(i-1))); err != nil {
			t.Fatal(err)
		}
		took, ok := awaitText(addr, version(i))
		if !ok {
			t.Errorf("update %d not served within %v:\n%s", i, newTextBound, stderr)
			break
		}
		seen++
		slowest = max(slowest, took)
	}
	t.Logf("ConfigMap updates: reloads seen: %d of %d, the slowest served after %v", seen, updates, slowest.Round(time.Millisecond))
	tr.report(t, "ConfigMap updates")
	if code := stop(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// A folder replaced whole, as a deploy script does: rm -rf, then a new one
// moved into its place. Once at once, once after the server has noticed
// the folder is gone (/readyz says so, still 200), and once more.
func TestServeSeesFolderReplaced(t *testing.T) {
	const replacements = 3
	parent := t.TempDir()
	dir := filepath.Join(parent, "locales")
	texts := &sync.Map{}
	version := func(i int) string { return fmt.Sprintf("ユーザーが存在しません（置き換え %d）", i) }
	build := func(i int) string {
		d := filepath.Join(parent, fmt.Sprintf("new-%d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		copyLocales(t, d)
		texts.Store(version(i), true)
		writeText(t, filepath.Join(d, "ja.toml"), jaWith(t, version(i)))
		return d
	}
	if err := os.Rename(build(0), dir); err != nil {
		t.Fatal(err)
	}
	addr, stderr, stop := serveInProcess(t, "--addr", "127.0.0.1:0", "--locales", dir)
	tr := startTraffic(t, addr, 4, []string{"/v1/errors/2004?lang=ja", "/readyz"}, func(path string, resp *http.Response, body []byte) error {
		if path == "/readyz" {
			if resp.StatusCode != 200 {
				return fmt.Errorf("%d %s", resp.StatusCode, body)
			}
			return nil
		}
		return messageIn(texts)(path, resp, body)
	})
	seen := 0
	for i := 1; i <= replacements; i++ {
		next := build(i)
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			deadline := time.Now().Add(newTextBound)
			for !strings.Contains(get200(t, "http://"+addr+"/readyz"), `"watch":"lost: the folder`) {
				if time.Now().After(deadline) {
					t.Fatalf("/readyz does not say the folder is gone:\n%s", stderr)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		if err := os.Rename(next, dir); err != nil {
			t.Fatal(err)
		}
		if _, ok := awaitText(addr, version(i)); !ok {
			t.Errorf("replacement %d not served within %v:\n%s", i, newTextBound, stderr)
			break
		}
		seen++
	}
	if body := get200(t, "http://"+addr+"/readyz"); !strings.Contains(body, `"watch":"watching"`) {
		t.Errorf("readyz after the replacements: %s", body)
	}
	t.Logf("folder replaced: reloads seen: %d of %d", seen, replacements)
	tr.report(t, "folder replaced")
	if code := stop(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if !strings.Contains(stderr.String(), `msg="watching the catalog folder again"`) {
		t.Errorf("the log does not say the folder is watched again:\n%s", stderr)
	}
}

func get200(t *testing.T, url string) string {
	t.Helper()
	resp, body := get(t, url)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return body
}

// A slow writer rewrites en.toml in place, table by table over about two
// seconds, so that every state the file passes through is a valid bundle
// with fewer codes: loaded half-way, the catalog would answer valid codes
// with 404. No request may see it: every list has every code.
func TestServeWaitsForASlowWriter(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	enPath := filepath.Join(dir, "en.toml")
	en, err := os.ReadFile(enPath)
	if err != nil {
		t.Fatal(err)
	}
	// 2004's English, whatever it says, gets a suffix.
	entry := regexp.MustCompile(`(?m)^(\["2004"\]\n(?:[a-z]+ = .*\n)*?other = ".*)"$`)
	rewritten := entry.ReplaceAllString(string(en), `${1} (rewritten slowly)"`)
	if rewritten == string(en) {
		t.Fatal("bad test: en.toml lacks 2004's text")
	}
	// Cut before each table, so that each chunk ends on a whole table.
	var chunks []string
	starts := regexp.MustCompile(`(?m)^\["`).FindAllStringIndex(rewritten, -1)
	const perChunk = 2
	prev := 0
	for i := perChunk; i < len(starts); i += perChunk {
		chunks = append(chunks, rewritten[prev:starts[i][0]])
		prev = starts[i][0]
	}
	chunks = append(chunks, rewritten[prev:])
	codes := len(starts)

	addr, stderr, stop := serveInProcess(t, "--addr", "127.0.0.1:0", "--locales", dir)
	tr := startTraffic(t, addr, 4, []string{"/v1/errors?lang=ja", "/v1/errors/2004", "/v1/errors/8128?lang=ja"}, func(path string, resp *http.Response, body []byte) error {
		if resp.StatusCode != 200 {
			return fmt.Errorf("%d %s", resp.StatusCode, body)
		}
		if path == "/v1/errors?lang=ja" {
			var list struct{ Messages []json.RawMessage }
			if err := json.Unmarshal(body, &list); err != nil {
				return err
			}
			if len(list.Messages) != codes {
				return fmt.Errorf("a catalog of %d codes, not %d: a partial en.toml was served", len(list.Messages), codes)
			}
		}
		return nil
	})
	f, err := os.OpenFile(enPath, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	pause := 2 * time.Second / time.Duration(len(chunks))
	began := time.Now()
	for _, c := range chunks {
		if _, err := f.WriteString(c); err != nil {
			t.Fatal(err)
		}
		time.Sleep(pause)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	wrote := time.Since(began)
	deadline := time.Now().Add(newTextBound)
	for {
		_, body := get(t, "http://"+addr+"/v1/errors/2004")
		if strings.Contains(body, "rewritten slowly") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the rewritten en.toml was not served:\n%s", stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("slow writer: %d chunks over %v, a pause of %v each", len(chunks), wrote.Round(time.Millisecond), pause.Round(time.Millisecond))
	tr.report(t, "slow writer")
	if code := stop(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if n := strings.Count(stderr.String(), `msg="catalog reloaded"`); n != 1 {
		t.Errorf("%d reloads for one rewrite, want 1:\n%s", n, stderr)
	}
}

// The real binary, for what only a process shows: SIGTERM, and a server
// that runs as another user than the files' owner.
func TestServeBinaryFaults(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs, SIGTERM or chmod on Windows")
	}
	bin := buildErrcat(t)
	t.Run("FIFO", func(t *testing.T) { testFIFO(t, bin) })
	t.Run("chmod", func(t *testing.T) { testChmod(t, bin) })
}

type process struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan struct{}
	err    error
	addr   string
}

func startProcess(t *testing.T, cmd *exec.Cmd) *process {
	t.Helper()
	p := &process{cmd: cmd, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			cmd.Process.Kill()
			<-p.exited
		}
	})
	p.addr = waitListening(t, p.stderr, p.exited)
	return p
}

// A FIFO named like a bundle is skipped with a warning, never opened (which
// would wait for a writer for ever), at start and on a reload; the rest
// serves, and SIGTERM stops the server promptly.
func testFIFO(t *testing.T, bin string) {
	dir := t.TempDir()
	copyLocales(t, dir)
	mkfifo := func(name string) {
		os.Remove(filepath.Join(dir, name))
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mkfifo("ja.toml")
	p := startProcess(t, exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--locales", dir))
	const warned = "ja.toml is a named pipe (FIFO), not a regular file: skipped"
	if !strings.Contains(p.stderr.String(), warned) {
		t.Errorf("no warning about the FIFO:\n%s", p.stderr)
	}
	lang := func(tag string) string {
		resp, _ := get(t, "http://"+p.addr+"/v1/errors/2004?lang="+tag)
		if resp.StatusCode != 200 {
			t.Fatalf("?lang=%s: %d", tag, resp.StatusCode)
		}
		return resp.Header.Get("Content-Language")
	}
	if lang("de") != "de" || lang("ja") != "en" {
		t.Errorf("de served in %s, ja in %s; want de, and en for the skipped ja", lang("de"), lang("ja"))
	}
	// A FIFO appears while the server runs: the reload skips it too.
	mkfifo("ko.toml")
	deadline := time.Now().Add(newTextBound)
	for lang("ko") != "en" {
		if time.Now().After(deadline) {
			t.Fatalf("the reload did not skip the new FIFO:\n%s", p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if lang("de") != "de" {
		t.Error("de lost after the reload")
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	select {
	case <-p.exited:
	case <-time.After(newTextBound):
		t.Fatalf("serve did not exit after SIGTERM:\n%s", p.stderr)
	}
	t.Logf("FIFO: serve exited %v after SIGTERM", time.Since(sent).Round(time.Millisecond))
	if p.err != nil || !strings.Contains(p.stderr.String(), "msg=stopped") {
		t.Errorf("exit: %v\n%s", p.err, p.stderr)
	}
}

// A bundle the server cannot read fails the reload and keeps the last good
// catalog; the chmod that fixes it reloads, though no byte changed. Root
// reads any file, so a test run as root serves as the user nobody.
func testChmod(t *testing.T, bin string) {
	dir := t.TempDir()
	copyLocales(t, dir)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--locales", dir)
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		// nobody must reach the binary and the bundles.
		for _, d := range []string{dir, filepath.Dir(dir), filepath.Dir(bin), filepath.Dir(filepath.Dir(bin))} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := startProcess(t, cmd)
	ja := filepath.Join(dir, "ja.toml")
	const fixed = "ユーザーが存在しません（権限を直した）"
	// The edit lands unreadable, as a umask or a copy tool may leave it.
	if err := os.WriteFile(ja+".new", []byte(jaWith(t, fixed)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(ja+".new", 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(ja+".new", ja); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(newTextBound)
	for !strings.Contains(p.stderr.String(), "permission denied") {
		if time.Now().After(deadline) {
			t.Fatalf("the unreadable bundle did not fail a reload:\n%s", p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := served(p.addr); got != shippedText(t, "ja", 2004) {
		t.Errorf("after the failed reload: %q, want the last good text", got)
	}
	if err := os.Chmod(ja, 0o644); err != nil {
		t.Fatal(err)
	}
	took, ok := awaitText(p.addr, fixed)
	if !ok {
		t.Fatalf("the chmod did not reload:\n%s", p.stderr)
	}
	t.Logf("chmod: served %v after the fix", took.Round(time.Millisecond))
}
