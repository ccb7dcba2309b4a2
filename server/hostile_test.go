package server

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
)

// Hostile input through the real server: each request below is written
// byte for byte on a TCP connection, since net/http's client refuses to send
// most of them (NUL bytes, invalid UTF-8, garbage methods, unclean paths),
// and each gets a defined answer. None gets a 500, and none costs more work
// than a normal request: TestHostileWorkIsBounded shows that without timing
// anything.
//
// Every request goes to two servers: one with errcat serve's limits (a
// 16 KiB header, as cmd/errcat sets http.Server.MaxHeaderBytes) and one with
// net/http's defaults (1 MiB), as a service that mounts the handler in its
// own http.Server may run it. Past the first limit net/http answers 431
// itself; under the second the request reaches the handler, and the
// resolver's own bounds (catalog.MaxHeader, 32 entries) apply.

// serveMaxHeaderBytes is cmd/errcat's http.Server.MaxHeaderBytes.
const serveMaxHeaderBytes = 16 << 10

// How the body of an answer must look.
type bodyKind int

const (
	// message: 200 with the envelope of code 2004 in the locale wanted.
	message bodyKind = iota
	// problem: one of the service's own errors, a JSON envelope with
	// code 0 and the English text wanted.
	problem
	// plain: net/http refused the request before any handler ran, with
	// its own short text/plain answer.
	plain
	// redirect: ServeMux's redirect of an unclean path to its clean form.
	redirect
	// empty: no body (HEAD, OPTIONS *).
	empty
)

type hostileCase struct {
	name    string
	request string // the whole request, as sent
	// status is the answer under errcat serve's limits; statusDefault,
	// when set, the answer under net/http's default limits.
	status, statusDefault int
	kind                  bodyKind
	// For kind message: the locale of the text (under either limit, when
	// the request gets through). For problem: the message. For
	// redirect: the Location.
	want string
}

// rawRequest builds a request; headers are "Name: value" lines.
func rawRequest(method, target string, headers ...string) string {
	var b strings.Builder
	b.WriteString(method + " " + target + " HTTP/1.1\r\nHost: errcat\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("Connection: close\r\n\r\n")
	return b.String()
}

func get2004(headers ...string) string { return rawRequest("GET", "/v1/errors/2004", headers...) }

// oneMiB is an Accept-Language value of exactly 1 MiB that starts "ja,".
var oneMiB = strings.Repeat("ja,", 1<<20/3) + "j"

func hostileCases() []hostileCase {
	const (
		ok  = http.StatusOK
		bad = http.StatusBadRequest
	)
	tooLarge := http.StatusRequestHeaderFieldsTooLarge
	// 10,000 entries, the first "ja": 30 KB, over errcat serve's header
	// limit; and 10 KB, under it (most entries empty). Both are over
	// catalog.MaxHeader, so the resolver counts them as absent.
	tenThousand := "ja" + strings.Repeat(",xx", 9999)
	tenThousandEmpty := "ja" + strings.Repeat(",", 9999)
	// 2,048 entries within catalog.MaxHeader: only the first 32 are read.
	jaFirst := "ja" + strings.Repeat(",x", 2047)
	jaLast := strings.Repeat("x,", 2047) + "ja"
	lang100K := strings.Repeat("ja,", 100<<10/3)
	lang12K := strings.Repeat("ja,", 12<<10/3)
	code100K := strings.Repeat("9", 100<<10)
	method100K := strings.Repeat("A", 100<<10)
	manyHeaders := strings.TrimSuffix(strings.Repeat("X-Pad: x\r\n", 10000), "\r\n")
	notAllowed := []hostileCase{}
	for _, m := range []string{"PUT", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO", "get", "G-E.T~!", strings.Repeat("M", 10<<10)} {
		name := m
		if len(name) > 20 {
			name = "a 10 KiB method name"
		}
		notAllowed = append(notAllowed, hostileCase{name: "method " + name, request: rawRequest(m, "/v1/errors/2004", "Accept-Language: ja"),
			status: http.StatusMethodNotAllowed, kind: problem, want: msgNotAllowed})
	}
	cases := []hostileCase{
		// Accept-Language.
		{name: "Accept-Language of 1 MiB", request: get2004("Accept-Language: " + oneMiB),
			status: tooLarge, statusDefault: ok, kind: message, want: "en"},
		{name: "Accept-Language of 10,000 entries", request: get2004("Accept-Language: " + tenThousand),
			status: tooLarge, statusDefault: ok, kind: message, want: "en"},
		{name: "Accept-Language of 10,000 entries, most empty", request: get2004("Accept-Language: " + tenThousandEmpty), status: ok, want: "en"},
		{name: "2,048 entries, ja first", request: get2004("Accept-Language: " + jaFirst), status: ok, want: "ja"},
		{name: "2,048 entries, ja past the 32nd", request: get2004("Accept-Language: " + jaLast), status: ok, want: "en"},
		{name: "q=NaN is malformed", request: get2004("Accept-Language: ja;q=NaN, fr;q=0.5"), status: ok, want: "fr"},
		{name: "q=2 is malformed", request: get2004("Accept-Language: ja;q=2, fr;q=0.5"), status: ok, want: "fr"},
		{name: "q=-1 is malformed", request: get2004("Accept-Language: ja;q=-1, fr;q=0.5"), status: ok, want: "fr"},
		{name: "q=Inf, q=1e0 and q=0x1p-1 are malformed", request: get2004("Accept-Language: ja;q=Inf, de;q=1e0, ko;q=0x1p-1, fr;q=0.1"), status: ok, want: "fr"},
		{name: "q=0 excludes", request: get2004("Accept-Language: ja;q=0, *"), status: ok, want: "en"},
		{name: "NUL byte", request: get2004("Accept-Language: ja\x00fr"), status: bad, kind: plain},
		{name: "control character", request: get2004("Accept-Language: \x01ja"), status: bad, kind: plain},
		{name: "NUL in the header name", request: get2004("Accept-Language\x00: ja"), status: bad, kind: plain},
		{name: "invalid UTF-8 alone", request: get2004("Accept-Language: \xff\xfe\xfd"), status: ok, want: "en"},
		{name: "invalid UTF-8 entry skipped", request: get2004("Accept-Language: ja-\xff, fr"), status: ok, want: "fr"},
		{name: "invalid UTF-8 after a good entry", request: get2004("Accept-Language: ko, \xc3\x28"), status: ok, want: "ko"},
		{name: "underscores and junk", request: get2004("Accept-Language: ,,;;==, es_ES, *;q=abc, de"), status: ok, want: "de"},
		{name: "repeated header: the first counts", request: get2004("Accept-Language: ja", "Accept-Language: fr"), status: ok, want: "ja"},
		{name: "10,000 other headers", request: get2004("Accept-Language: ja", manyHeaders), status: tooLarge, statusDefault: ok, kind: message, want: "ja"},

		// Codes.
		{name: "code 2004abc", request: rawRequest("GET", "/v1/errors/2004abc"), status: bad, kind: problem, want: msgBadCode},
		{name: "code -1", request: rawRequest("GET", "/v1/errors/-1"), status: bad, kind: problem, want: msgBadCode},
		{name: "code +2004", request: rawRequest("GET", "/v1/errors/+2004"), status: bad, kind: problem, want: msgBadCode},
		{name: "code 02004", request: rawRequest("GET", "/v1/errors/02004"), status: bad, kind: problem, want: msgBadCode},
		{name: "code 0x7d4", request: rawRequest("GET", "/v1/errors/0x7d4"), status: bad, kind: problem, want: msgBadCode},
		{name: "code 2e3", request: rawRequest("GET", "/v1/errors/2e3"), status: bad, kind: problem, want: msgBadCode},
		{name: "code in full-width digits", request: rawRequest("GET", "/v1/errors/%EF%BC%92%EF%BC%90%EF%BC%90%EF%BC%94"), status: bad, kind: problem, want: msgBadCode},
		{name: "code 99999999999999999999", request: rawRequest("GET", "/v1/errors/99999999999999999999"), status: bad, kind: problem, want: msgBadCode},
		{name: "code of 100 KiB", request: rawRequest("GET", "/v1/errors/"+code100K), status: tooLarge, statusDefault: bad, kind: problem, want: msgBadCode},
		{name: "code %2e%2e%2f", request: rawRequest("GET", "/v1/errors/%2e%2e%2f"), status: bad, kind: problem, want: msgBadCode},
		{name: "code ..%2f..%2fetc%2fpasswd", request: rawRequest("GET", "/v1/errors/..%2f..%2fetc%2fpasswd"), status: bad, kind: problem, want: msgBadCode},
		{name: "encoded slash in a code", request: rawRequest("GET", "/v1/errors/20%2F04"), status: bad, kind: problem, want: msgBadCode},
		{name: "encoded NUL in a code", request: rawRequest("GET", "/v1/errors/2004%00"), status: bad, kind: problem, want: msgBadCode},
		{name: "bad escape", request: rawRequest("GET", "/v1/errors/%zz"), status: bad, kind: plain},
		{name: "raw invalid UTF-8 in the path", request: rawRequest("GET", "/v1/errors/\xff\xfe"), status: bad, kind: problem, want: msgBadCode},
		{name: "a path below a code", request: rawRequest("GET", "/v1/errors/2004/"), status: http.StatusNotFound, kind: problem, want: msgNoRoute},
		{name: "path //", request: rawRequest("GET", "//"), status: http.StatusTemporaryRedirect, kind: redirect, want: "/"},
		{name: "path //evil.example/ stays on this host", request: rawRequest("GET", "//evil.example/"), status: http.StatusTemporaryRedirect, kind: redirect, want: "/evil.example/"},
		{name: "doubled slash", request: rawRequest("GET", "/v1//errors/2004"), status: http.StatusTemporaryRedirect, kind: redirect, want: "/v1/errors/2004"},
		{name: "dot segments", request: rawRequest("GET", "/v1/errors/../../v1/./errors/2004?lang=ja"), status: http.StatusTemporaryRedirect, kind: redirect, want: "/v1/errors/2004?lang=ja"},
		{name: "no leading slash", request: rawRequest("GET", "v1/errors/2004"), status: bad, kind: plain},
		{name: "absolute URI", request: rawRequest("GET", "http://elsewhere.example/v1/errors/2004", "Accept-Language: ja"), status: ok, want: "ja"},

		// ?lang=.
		{name: "lang=../../etc/passwd alone", request: rawRequest("GET", "/v1/errors/2004?lang=../../etc/passwd"), status: ok, want: "en"},
		{name: "lang=../../etc/passwd falls to the header", request: rawRequest("GET", "/v1/errors/2004?lang=../../etc/passwd", "Accept-Language: ja"), status: ok, want: "ja"},
		{name: "lang of 100 KiB", request: rawRequest("GET", "/v1/errors/2004?lang="+lang100K), status: tooLarge, statusDefault: ok, kind: message, want: "en"},
		{name: "lang of 12 KiB, over MaxHeader", request: rawRequest("GET", "/v1/errors/2004?lang="+lang12K, "Accept-Language: de"), status: ok, want: "de"},
		{name: "lang=%00", request: rawRequest("GET", "/v1/errors/2004?lang=%00", "Accept-Language: es"), status: ok, want: "es"},
		{name: "lang=%ff%fe", request: rawRequest("GET", "/v1/errors/2004?lang=%ff%fe"), status: ok, want: "en"},
		{name: "lang=%zz", request: rawRequest("GET", "/v1/errors/2004?lang=%zz", "Accept-Language: ru"), status: ok, want: "ru"},
		{name: "lang given twice", request: rawRequest("GET", "/v1/errors/2004?lang=ja&lang=fr"), status: ok, want: "ja"},
		{name: "lang with q=NaN", request: rawRequest("GET", "/v1/errors/2004?lang=ja%3Bq%3DNaN,ko"), status: ok, want: "ko"},

		// Methods.
		{name: "HEAD", request: rawRequest("HEAD", "/v1/errors/2004", "Accept-Language: ja"), status: ok, kind: empty},
		{name: "POST with a body", request: rawRequest("POST", "/v1/errors/2004", "Content-Length: 5") + "hello", status: http.StatusMethodNotAllowed, kind: problem, want: msgNotAllowed},
		{name: "CONNECT to a host", request: rawRequest("CONNECT", "elsewhere.example:443"), status: http.StatusNotFound, kind: problem, want: msgNoRoute},
		{name: "OPTIONS *", request: rawRequest("OPTIONS", "*"), status: ok, kind: empty},
		{name: "method of 100 KiB", request: rawRequest(method100K, "/v1/errors/2004"), status: tooLarge, statusDefault: http.StatusMethodNotAllowed, kind: problem, want: msgNotAllowed},
		{name: "NUL in the method", request: rawRequest("G\x00T", "/v1/errors/2004"), status: bad, kind: plain},
		{name: "invalid UTF-8 method", request: rawRequest("\xff\xfe", "/v1/errors/2004"), status: bad, kind: plain},
		{name: "empty method", request: rawRequest("", "/v1/errors/2004"), status: bad, kind: plain},
		{name: "unknown protocol version", request: strings.Replace(get2004(), "HTTP/1.1", "HTTP/9.9", 1), status: http.StatusHTTPVersionNotSupported, kind: plain},
	}
	return append(cases, notAllowed...)
}

// hostileServers starts the handler behind errcat serve's header limit and
// behind net/http's default one.
func hostileServers(t *testing.T, c *catalog.Catalog) (serveLimits, defaults *httptest.Server) {
	t.Helper()
	serveLimits = httptest.NewUnstartedServer(New(Config{Catalog: c}))
	serveLimits.Config.MaxHeaderBytes = serveMaxHeaderBytes
	serveLimits.Start()
	t.Cleanup(serveLimits.Close)
	_, defaults = start(t, Config{Catalog: c})
	return serveLimits, defaults
}

// send writes a raw request on a new connection and reads the answer. It
// writes and reads at once: net/http answers an oversized request without
// reading all of it.
func send(t *testing.T, addr, request string) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	// The deadline only stops a broken test from hanging; it is not a
	// measure of latency.
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		io.WriteString(conn, request) // may fail once the server has answered
	}()
	defer func() { conn.Close(); <-wrote }()
	method, _, _ := strings.Cut(request, " ")
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return resp, body
}

func TestHostileRequests(t *testing.T) {
	c := embedded(t)
	serveLimits, defaults := hostileServers(t, c)
	en := c.LocaleIndex("en")
	for _, tt := range hostileCases() {
		for _, srv := range []struct {
			name   string
			ts     *httptest.Server
			status int
		}{
			{"serve limits", serveLimits, tt.status},
			{"default limits", defaults, cmp.Or(tt.statusDefault, tt.status)},
		} {
			t.Run(tt.name+"/"+srv.name, func(t *testing.T) {
				resp, body := send(t, srv.ts.Listener.Addr().String(), tt.request)
				if resp.StatusCode != srv.status {
					t.Fatalf("status %d, want %d: %.200q", resp.StatusCode, srv.status, body)
				}
				kind := tt.kind
				if srv.status == http.StatusRequestHeaderFieldsTooLarge {
					kind = plain
				} else if srv.status == http.StatusOK && kind == problem {
					t.Fatal("bad test: a 200 with a problem body")
				}
				ct := resp.Header.Get("Content-Type")
				switch kind {
				case message:
					code := 2004
					msg, got := checkEnvelope(t, body)
					l := c.LocaleIndex(tt.want)
					if l < 0 {
						t.Fatalf("bad test: no locale %q", tt.want)
					}
					if want := c.Message(l, code).Other(); msg != want || got != code {
						t.Errorf("envelope %q, %d; want %s's %q, %d", msg, got, tt.want, want, code)
					}
					if cl := resp.Header.Get("Content-Language"); cl != tt.want {
						t.Errorf("Content-Language %q, want %q", cl, tt.want)
					}
					if ct != "application/json; charset=utf-8" {
						t.Errorf("Content-Type %q", ct)
					}
				case problem:
					msg, code := checkEnvelope(t, body)
					if msg != tt.want || code != 0 {
						t.Errorf("envelope %q, %d; want %q, 0", msg, code, tt.want)
					}
					if cl := resp.Header.Get("Content-Language"); cl != c.Locales()[en].ID {
						t.Errorf("Content-Language %q, want en", cl)
					}
					if ct != "application/json; charset=utf-8" {
						t.Errorf("Content-Type %q", ct)
					}
					if resp.StatusCode == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != "GET, HEAD" {
						t.Errorf("Allow %q", resp.Header.Get("Allow"))
					}
				case plain:
					// net/http's own answer: the status, perhaps a reason.
					if !strings.HasPrefix(ct, "text/plain") || !strings.HasPrefix(string(body), strconv.Itoa(resp.StatusCode)+" ") {
						t.Errorf("not net/http's answer: %s %.200q", ct, body)
					}
				case redirect:
					if loc := resp.Header.Get("Location"); loc != tt.want {
						t.Errorf("Location %q, want %q", loc, tt.want)
					}
				case empty:
					if len(body) != 0 {
						t.Errorf("body %.200q, want none", body)
					}
				}
			})
		}
	}
}

// cost serves r n times in-process, through bench_test.go's discardWriter,
// and returns the mean allocations and bytes allocated a request: work
// measured without a clock.
func cost(h http.Handler, r *http.Request, n int) (allocs, bytes float64) {
	w := &discardWriter{h: http.Header{}}
	serve := func() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
	serve() // warm the caches, as a steady state would
	allocs = testing.AllocsPerRun(n, serve)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		serve()
	}
	runtime.ReadMemStats(&after)
	return allocs, float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
}

// What a hostile request costs the handler is bounded by what a normal one
// costs, whatever its size: an oversized Accept-Language or ?lang= is
// treated as absent without being parsed or copied, and only the first 32
// entries of a header are read. Measured in allocations and bytes, not time,
// so that a loaded machine cannot make it flaky.
func TestHostileWorkIsBounded(t *testing.T) {
	srv := New(Config{Catalog: embedded(t)})
	request := func(target, accept string) *http.Request {
		r := httptest.NewRequest("GET", target, nil)
		if accept != "" {
			r.Header.Set("Accept-Language", accept)
		}
		return r
	}
	// A header of 32 entries, padded over the chain cache's key limit so
	// that every request parses it and looks up each entry: what a header
	// read to the entry limit costs.
	var entries []string
	for i := range 32 {
		entries = append(entries, fmt.Sprintf("x%d", i))
	}
	worst := strings.Join(entries, ",") + "," + strings.Repeat(" ", 300)
	const n = 100
	baseAllocs, baseBytes := cost(srv, request("/v1/errors/2004", ""), n)
	worstAllocs, worstBytes := cost(srv, request("/v1/errors/2004", worst), n)
	// A code that is not one is answered 400, which costs what it costs
	// whatever the code's length.
	badAllocs, badBytes := cost(srv, request("/v1/errors/x", ""), n)
	t.Logf("no header: %.0f allocs, %.0f B; 32 uncached entries: %.0f allocs, %.0f B", baseAllocs, baseBytes, worstAllocs, worstBytes)
	tests := []struct {
		name           string
		r              *http.Request
		allocs, nbytes float64 // the most it may cost
	}{
		{"Accept-Language of 1 MiB", request("/v1/errors/2004", oneMiB), baseAllocs, baseBytes},
		{"Accept-Language of 10,000 entries", request("/v1/errors/2004", "ja"+strings.Repeat(",x", 9999)), baseAllocs, baseBytes},
		{"Accept-Language of 2,048 entries", request("/v1/errors/2004", strings.Repeat("x,", 2047)+"ja"), worstAllocs, worstBytes},
		{"?lang= of 100 KiB", request("/v1/errors/2004?lang="+strings.Repeat("ja,", 100<<10/3), ""), baseAllocs, baseBytes},
		{"escaped ?lang= of 100 KiB", request("/v1/errors/2004?lang="+strings.Repeat("ja%2C", 100<<10/5), ""), baseAllocs, baseBytes},
		{"escaped parameter name of 100 KiB", request("/v1/errors/2004?"+strings.Repeat("%6C", 100<<10/3)+"=ja", ""), baseAllocs, baseBytes},
		{"code of 100 KiB", request("/v1/errors/"+strings.Repeat("9", 100<<10), ""), badAllocs, badBytes},
	}
	for _, tt := range tests {
		allocs, nbytes := cost(srv, tt.r, n)
		t.Logf("%s: %.0f allocs, %.0f B", tt.name, allocs, nbytes)
		// A little slack for the runtime's own noise; an input that
		// were copied or parsed whole would cost kilobytes more.
		if allocs > tt.allocs+1 || nbytes > tt.nbytes+256 {
			t.Errorf("%s: %.0f allocs, %.0f B a request; the most allowed is %.0f allocs, %.0f B", tt.name, allocs, nbytes, tt.allocs, tt.nbytes)
		}
	}
}

// An attacker who sends a new Accept-Language value with every request, to
// defeat the resolver's cache, does not grow the server's memory: the chain
// cache and the range cache are fixed tables that evict. The values are
// under the cache's key limit, so that each one is cached, and each holds
// ranges never seen before, so that both tables churn.
//
// The cache's size is internal to package catalog, so the test measures the
// live heap after a collection instead: once the tables are full, 180,000
// more values (36 MB of keys, were they kept) may not add more than 8 MiB.
// Under the race detector, 80,000 (16 MB).
func TestUniqueHeadersMemoryBounded(t *testing.T) {
	warm, total := 20_000, 200_000
	if raceEnabled {
		total = 100_000
	}
	srv := New(Config{Catalog: embedded(t)})
	w := &discardWriter{h: http.Header{}}
	r := httptest.NewRequest("GET", "/v1/errors/2004", nil)
	buf := make([]byte, 0, 256)
	header := func(i int) string {
		// ~200 bytes: a browser's header with unique ranges after it.
		buf = append(buf[:0], "ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7"...)
		for j, q := range []string{"0.6", "0.5", "0.4", "0.3", "0.2", "0.1"} {
			buf = append(buf, ",a"...)
			buf = strconv.AppendInt(buf, int64(i*8+j), 36)
			buf = append(buf, "-x-"...)
			buf = strconv.AppendInt(buf, int64(i), 10)
			buf = append(buf, ";q="...)
			buf = append(buf, q...)
		}
		for len(buf) < 200 {
			buf = append(buf, ' ')
		}
		return string(buf)
	}
	if n := len(header(total)); n > 256 {
		t.Fatalf("bad test: %d-byte values are not cached", n)
	}
	serve := func(from, to int) {
		for i := from; i < to; i++ {
			r.Header["Accept-Language"] = []string{header(i)}
			clear(w.h)
			srv.ServeHTTP(w, r)
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	serve(0, warm)
	before := heap()
	serve(warm, total)
	after := heap()
	growth := int64(after) - int64(before)
	t.Logf("live heap after %d unique values: %.1f MiB; after %d: %.1f MiB; growth %+.2f MiB",
		warm, float64(before)/(1<<20), total, float64(after)/(1<<20), float64(growth)/(1<<20))
	if growth >= 8<<20 {
		t.Errorf("the live heap grew %.1f MiB over %d unique Accept-Language values", float64(growth)/(1<<20), total-warm)
	}
	// The server still answers as it should.
	r.Header["Accept-Language"] = []string{header(total + 1)}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, r)
	if rec.Code != 200 || rec.Header().Get("Content-Language") != "ja" {
		t.Errorf("after the stream: %d, Content-Language %q", rec.Code, rec.Header().Get("Content-Language"))
	}
}
