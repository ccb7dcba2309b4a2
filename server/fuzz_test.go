package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
)

// FuzzRoute sends GET /v1/errors/{code} through the whole handler with any
// bytes as the code's path segment, the query and the Accept-Language and
// If-None-Match headers, and any method. Run it for longer with:
//
//	go test -run '^$' -fuzz '^FuzzRoute$' -fuzztime 5m ./server
//
// The request is parsed by http.ReadRequest from the bytes a client would
// send, as the server parses it; bytes no request line or header can carry
// (controls, spaces, '#') are percent-escaped or dropped first, since
// net/http answers 400 itself for those before any handler runs. The
// invariants: the status is one the API defines, never 500; every answer but
// a redirect is the JSON envelope {"message","code","data"}; a 200 has the
// text a catalog.Localizer gives for the code, the ?lang= value and the header,
// from a shipped locale named by Content-Language and the ETag; and where
// the path is clean the status is exactly the one the code calls for.
func FuzzRoute(f *testing.F) {
	c := embedded(f)
	srv := New(Config{Catalog: c})
	for _, s := range [][5]string{
		{"GET", "2004", "", "ja", ""},
		{"GET", "2004", "lang=fr", "ja", ""},
		{"HEAD", "1000", "lang=zh-TW", "", ""},
		{"GET", "2004", "", "ja", `"*"`},
		{"GET", "2004abc", "", "", ""},
		{"GET", "-1", "", "", ""},
		{"GET", "99999999999999999999", "", "", ""},
		{"GET", "%2e%2e%2f", "", "", ""},
		{"GET", "20%2F04", "", "", ""},
		{"GET", "../2004", "", "", ""},
		{"GET", "/2004", "", "", ""},
		{"GET", "2004/", "", "", ""},
		{"GET", "9999", "", "", ""},
		{"GET", "2004", "lang=../../etc/passwd", "", ""},
		{"GET", "2004", "lang=ja%3Bq%3DNaN,ko", "ja;q=2, fr;q=-1, de", ""},
		{"GET", "2004", "lang=%zz&lang=ja", "\xff\xfe", ""},
		{"GET", "2004", "l%61ng=ko;x", "*;q=0", "W/\"x\", *"},
		{"POST", "2004", "", "", ""},
		{"CONNECT", "2004", "", "", ""},
		{"FOO", "2004", "", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	locales := make([]string, len(c.Locales()))
	for i, l := range c.Locales() {
		locales[i] = l.ID
	}
	f.Fuzz(func(t *testing.T, method, segment, query, accept, ifNoneMatch string) {
		if !isToken(method) {
			method = "GET"
		}
		target := "/v1/errors/" + escapeWire(segment, "?#")
		if query != "" {
			target += "?" + escapeWire(query, "#")
		}
		accept, ifNoneMatch = headerSafe(accept), headerSafe(ifNoneMatch)
		raw := method + " " + target + " HTTP/1.1\r\nHost: errcat\r\n"
		if accept != "" {
			raw += "Accept-Language: " + accept + "\r\n"
		}
		if ifNoneMatch != "" {
			raw += "If-None-Match: " + ifNoneMatch + "\r\n"
		}
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw + "\r\n")))
		if err != nil {
			return // net/http answers 400 without calling the handler
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		resp := rec.Result()
		body, _ := io.ReadAll(resp.Body)

		// The status a clean path calls for; 0 where ServeMux decides.
		want, wantMsg := 0, ""
		code := -1
		unknown := false // a code the catalog lacks: the fallback's envelope
		if p := r.URL.Path; cleanPath(p) == p {
			rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/v1/errors/")
			seg, err := url.PathUnescape(rest)
			switch {
			case !ok || err != nil:
				t.Fatalf("bad test: path %q", r.URL.EscapedPath())
			case rest == "" || strings.Contains(rest, "/"):
				want, wantMsg = http.StatusNotFound, msgNoRoute
			case method != "GET" && method != "HEAD":
				want, wantMsg = http.StatusMethodNotAllowed, msgNotAllowed
			default:
				n, ok := catalog.ParseCode(seg)
				switch {
				case !ok:
					want, wantMsg = http.StatusBadRequest, msgBadCode
				case !c.Has(n):
					want, unknown = http.StatusNotFound, true
				default:
					want, code = http.StatusOK, n
				}
			}
		}

		switch st := resp.StatusCode; {
		case st == http.StatusTemporaryRedirect:
			if want != 0 {
				t.Fatalf("%q: redirect to %q, want %d", raw, resp.Header.Get("Location"), want)
			}
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil || !strings.HasPrefix(loc.Path, "/") || loc.Host != "" || loc.Scheme != "" || cleanPath(loc.Path) != loc.Path {
				t.Fatalf("%q: redirect to %q, not a clean path on this host", raw, resp.Header.Get("Location"))
			}
			return
		case st == http.StatusNotModified:
			if want != http.StatusOK {
				t.Fatalf("%q: 304, want %d", raw, want)
			}
			etag := resp.Header.Get("Etag")
			if !strings.Contains(ifNoneMatch, "*") && !strings.Contains(ifNoneMatch, etag) {
				t.Fatalf("%q: 304 for ETag %s", raw, etag)
			}
			if len(body) != 0 {
				t.Fatalf("%q: 304 with a body", raw)
			}
			return
		case want != 0 && st != want:
			t.Fatalf("%q: status %d, want %d: %s", raw, st, want, body)
		case !slices.Contains([]int{200, 400, 404, 405}, st):
			t.Fatalf("%q: status %d: %s", raw, st, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Fatalf("%q: Content-Type %q", raw, ct)
		}
		msg, gotCode := envelopeOf(t, body)
		cl := resp.Header.Get("Content-Language")

		// The text is what the resolver gives for the ?lang= value and
		// the header the server read. Where url.ParseQuery accepts the
		// query, it says what ?lang= is; where it rejects it (a
		// semicolon, a bad escape), the handler's own reading counts.
		q, err := url.ParseQuery(r.URL.RawQuery)
		lang := q.Get("lang")
		if err != nil {
			lang = queryValue(r.URL.RawQuery, "lang")
		}
		loc := c.Localizer(lang, r.Header.Get("Accept-Language"))
		if unknown {
			if a := loc.Unknown(); msg != a.Text || gotCode != a.Code || cl != a.Locale {
				t.Fatalf("%q: %s (Content-Language %q), want the fallback %d in %s", raw, body, cl, a.Code, a.Locale)
			}
			return
		}
		if resp.StatusCode != http.StatusOK {
			if gotCode != 0 || cl != "en" || wantMsg != "" && msg != wantMsg {
				t.Fatalf("%q: %d %s (Content-Language %q), want the problem %q", raw, resp.StatusCode, body, cl, wantMsg)
			}
			return
		}

		res, err := loc.Localize(code, catalog.Params{})
		if err != nil {
			t.Fatalf("Localize(%d): %v", code, err)
		}
		if msg != res.Text || gotCode != code {
			t.Fatalf("%q: message %q, code %d; Localize gives %q in %s", raw, msg, gotCode, res.Text, res.Locale)
		}
		if !slices.Contains(locales, cl) || cl != res.Locale {
			t.Fatalf("%q: Content-Language %q, want %q", raw, cl, res.Locale)
		}
		etag := `"` + c.Version() + "-" + res.Locale + "-" + strconv.Itoa(code) + `"`
		if got := resp.Header.Get("Etag"); got != etag {
			t.Fatalf("%q: ETag %s, want %s", raw, got, etag)
		}
		if ifNoneMatch == etag {
			t.Fatalf("%q: 200, but If-None-Match is the ETag", raw)
		}
	})
}

// envelopeOf is checkEnvelope: body must be exactly {"message": string,
// "code": number, "data": null}, in that order.
func envelopeOf(t *testing.T, body []byte) (string, int) {
	t.Helper()
	if !json.Valid(body) || !bytes.HasSuffix(body, []byte("}\n")) {
		t.Fatalf("body %q is not one JSON value and a newline", body)
	}
	return checkEnvelope(t, body)
}

// isToken reports whether s is an HTTP token, as a method must be.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// escapeWire percent-escapes the bytes of s that cannot appear in a request
// line as they are: controls, spaces and the delimiters given. Other bytes,
// '%' and invalid UTF-8 included, go through raw, as a hostile client
// would send them.
func escapeWire(s, delims string) string {
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte(delims, c) >= 0 {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// headerSafe drops the bytes a header value cannot hold: net/http refuses
// controls other than tab, and a CR or LF would end the header.
// Invalid UTF-8 stays: net/http accepts it.
func headerSafe(s string) string {
	b := make([]byte, 0, len(s))
	for i := range len(s) {
		if c := s[i]; c >= ' ' && c != 0x7f || c == '\t' {
			b = append(b, c)
		}
	}
	return string(b)
}

// cleanPath is ServeMux's notion of a canonical path: path.Clean, keeping a
// trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}
