package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
)

// TestServeShutdownUnderLoad sends SIGTERM to the real binary while clients
// hammer it, each request on a connection of its own, and checks that no
// request the server took was lost: every request the server handled (its
// access log names each by an id in its query) reached its client as a 200
// with the right text, and the process exits 0.
//
// Eight of the requests are certainly in flight across the shutdown: each
// sends its header and half a body before the signal and the rest only
// once the listener is closed, so the server has run the handler but not
// yet answered (as TestServeShutdown does for one). They ask to keep their
// connections: on one that closes after the answer, net/http answers
// without waiting for the body, and the connection is gone half a second
// later, before the signal on a loaded machine.
//
// A request can still fail without having been taken: a connection the
// kernel completed but the server never accepted is closed when the
// listener closes, reset (ECONNRESET) when its request had arrived, but
// closed with a FIN (EOF) when its client had not sent it yet, which on a
// loaded machine happens a few times a run. Neither may be in the access
// log; the test counts both and allows them. An EOF is also what
// http.Server.Shutdown gives a connection it accepted whose request it
// read only after Shutdown began (golang/go#65802), which this test cannot
// tell from the kernel's: server.TestServeAnswersRequestSentAfterShutdownBegan
// holds errcat serve to answering those, deterministically.
func TestServeShutdownUnderLoad(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	cat, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	p := startServeBinary(t)
	cmd, stderr, exited, addr := p.cmd, p.stderr, p.exited, p.addr

	// A request: its id, code and header, and what its client saw.
	type outcome int
	const (
		pending outcome = iota
		ok              // 200 with the right envelope
		wrong           // any other answer
		refused         // no connection: the listener was closed
		reset           // connected, then reset unanswered
		dropped         // connected, then closed unanswered (EOF), never handled
		failed          // any other error
		numOutcomes
	)
	names := [numOutcomes]string{"pending", "ok", "wrong", "refused", "reset", "dropped", "failed"}
	type request struct {
		id      int
		code    int
		accept  string
		outcome outcome
		detail  string
	}
	var (
		mu       sync.Mutex
		requests []*request
	)
	codes := cat.Codes()
	headers := []string{"ja", "zh-TW,zh;q=0.9,en;q=0.8", "de-CH, fr;q=0.5", "pt-PT", "", "ko-KR,ko;q=0.9", "xx", "ru;q=0.1, es"}
	newRequest := func() *request {
		mu.Lock()
		defer mu.Unlock()
		id := len(requests)
		r := &request{id: id, code: codes[id*7%len(codes)], accept: headers[id%len(headers)]}
		requests = append(requests, r)
		return r
	}
	wire := func(r *request, extra string) string {
		s := fmt.Sprintf("GET /v1/errors/%d?id=%d HTTP/1.1\r\nHost: errcat\r\nConnection: close\r\n", r.code, r.id)
		if r.accept != "" {
			s += "Accept-Language: " + r.accept + "\r\n"
		}
		return s + extra + "\r\n"
	}
	// finish reads r's answer on conn and records what the client saw.
	finish := func(r *request, conn net.Conn) {
		conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		var body []byte
		if err == nil {
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		mu.Lock()
		defer mu.Unlock()
		switch {
		case errors.Is(err, syscall.ECONNRESET):
			r.outcome = reset
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			r.outcome = dropped
		case err != nil:
			r.outcome, r.detail = failed, err.Error()
		default:
			res, _ := cat.Localizer(r.accept).Localize(r.code, catalog.Params{})
			want := fmt.Sprintf(`{"message":%q,"code":%d,"data":null}`, res.Text, r.code)
			if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != want {
				r.outcome, r.detail = wrong, fmt.Sprintf("%d %s, want 200 %s", resp.StatusCode, body, want)
			} else {
				r.outcome = ok
			}
		}
	}

	// The slow requests, held in flight across the shutdown.
	const slow = 8
	var slowConns []net.Conn
	var slowReqs []*request
	for range slow {
		r := newRequest()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// Without "Connection: close": net/http reads the rest of the body
		// only on a connection it means to keep (a closing one is answered
		// and closed at once, so the request would not stay in flight);
		// it then holds the answer until the body is in.
		req := strings.Replace(wire(r, "Content-Length: 10\r\n"), "Connection: close\r\n", "", 1)
		if _, err := io.WriteString(conn, req+"12345"); err != nil {
			t.Fatal(err)
		}
		slowConns, slowReqs = append(slowConns, conn), append(slowReqs, r)
	}

	// The load: clients that each send request after request, a new
	// connection each, until a connection is refused.
	var (
		wg   sync.WaitGroup
		done atomic.Int64
	)
	for range 16 {
		wg.Go(func() {
			for {
				r := newRequest()
				conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
				if err != nil {
					// Refused, or reset mid-handshake as the
					// listener closed: either way the server
					// never accepted the connection.
					mu.Lock()
					switch r.detail = err.Error(); {
					case errors.Is(err, syscall.ECONNREFUSED):
						r.outcome = refused
					case errors.Is(err, syscall.ECONNRESET):
						r.outcome = reset
					default:
						r.outcome = failed
					}
					mu.Unlock()
					return
				}
				if _, err := io.WriteString(conn, wire(r, "")); err != nil && !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) {
					t.Errorf("request %d: write: %v", r.id, err)
				}
				finish(r, conn)
				conn.Close()
				done.Add(1)
			}
		})
	}

	// Once the load is under way and the slow requests are in their
	// handlers, SIGTERM.
	deadline := time.Now().Add(30 * time.Second)
	for done.Load() < 2000 || handled(stderr.String(), slowReqs[slow-1].id) == false {
		if time.Now().After(deadline) {
			t.Fatalf("the load did not get going: %d requests:\n%.2000s", done.Load(), stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	for _, r := range slowReqs {
		if !handled(stderr.String(), r.id) {
			t.Fatalf("slow request %d was not handled", r.id)
		}
	}
	atSignal := done.Load()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The listener closes first: wait until a connection is refused.
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("still accepting connections after SIGTERM:\n%.2000s", stderr.String())
		}
		time.Sleep(time.Millisecond)
	}
	// The process waits for the slow requests rather than exit.
	select {
	case <-exited:
		t.Fatalf("the process exited with requests in flight:\n%.2000s", stderr.String())
	default:
	}
	for i, conn := range slowConns {
		if _, err := io.WriteString(conn, "67890"); err != nil {
			t.Fatalf("slow request %d: %v", slowReqs[i].id, err)
		}
		finish(slowReqs[i], conn)
	}
	wg.Wait()
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("the process did not exit after its last request:\n%.2000s", stderr.String())
	}
	if p.waitErr != nil {
		t.Errorf("exit: %v, want status 0", p.waitErr)
	}

	// Every request the server handled reached its client whole.
	log := stderr.String()
	inLog := map[int]bool{}
	for _, m := range accessLogID.FindAllStringSubmatch(log, -1) {
		id, _ := strconv.Atoi(m[1])
		inLog[id] = true
	}
	var counts [numOutcomes]int
	shown := 0
	for _, r := range requests {
		counts[r.outcome]++
		bad := r.outcome == wrong || r.outcome == failed || r.outcome == pending ||
			inLog[r.id] && r.outcome != ok || !inLog[r.id] && r.outcome == ok
		if bad && shown < 10 {
			shown++
			t.Errorf("request %d (code %d, %q): %s %s; in the access log: %v", r.id, r.code, r.accept, names[r.outcome], r.detail, inLog[r.id])
		}
	}
	for _, r := range slowReqs {
		if r.outcome != ok {
			t.Errorf("slow request %d, in flight at the signal: %s %s", r.id, names[r.outcome], r.detail)
		}
	}
	var summary []string
	for o, n := range counts {
		if n > 0 {
			summary = append(summary, fmt.Sprintf("%s %d", names[o], n))
		}
	}
	t.Logf("%d requests, %d done at SIGTERM, %d handled: %s", len(requests), atSignal, len(inLog), strings.Join(summary, ", "))
	for _, want := range []string{`msg="shutting down"`, "msg=stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

var accessLogID = regexp.MustCompile(`msg=request method=GET path="?/v1/errors/\d+\?id=(\d+)`)

// handled reports whether the access log has a line for request id.
func handled(log string, id int) bool {
	return strings.Contains(log, "?id="+strconv.Itoa(id)+" ") || strings.Contains(log, "?id="+strconv.Itoa(id)+`"`)
}
