package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
)

// embedded loads the catalog shipped in the binary.
func embedded(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// copyLocales writes the shipped bundles into dir.
func copyLocales(t testing.TB, dir string) {
	t.Helper()
	ents, err := fs.ReadDir(locales.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := fs.ReadFile(locales.FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readBundle returns the text of one shipped bundle.
func readBundle(t testing.TB, name string) string {
	t.Helper()
	data, err := fs.ReadFile(locales.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// withoutTable returns bundle text without the table of code.
func withoutTable(t testing.TB, bundle string, code int) string {
	t.Helper()
	head := fmt.Sprintf("[%q]\n", strconv.Itoa(code))
	i := strings.Index(bundle, head)
	if i < 0 {
		t.Fatalf("no table %s", head)
	}
	j := strings.Index(bundle[i+len(head):], "\n[")
	if j < 0 {
		return bundle[:i]
	}
	return bundle[:i] + bundle[i+len(head)+j+1:]
}

// withText returns bundle text with the "other" text of code replaced.
func withText(t testing.TB, bundle string, code int, text string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)(\["` + strconv.Itoa(code) + `"\]\n(?:[^\[].*?\n)*?other = )"[^"\n]*"`)
	if !re.MatchString(bundle) {
		t.Fatalf("no other text for %d", code)
	}
	return re.ReplaceAllString(bundle, `${1}`+strconv.Quote(text))
}

// jaLacking2004 is the shipped catalog with the Japanese text of 2004
// removed, to show fallback.
func jaLacking2004(t testing.TB) *catalog.Catalog {
	t.Helper()
	dir := t.TempDir()
	copyLocales(t, dir)
	write(t, filepath.Join(dir, "ja.toml"), withoutTable(t, readBundle(t, "ja.toml"), 2004))
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func write(t testing.TB, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// start serves New(cfg) on a real listener on 127.0.0.1.
func start(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	srv := New(cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request over HTTP; header holds name, value pairs.
func do(t testing.TB, ts *httptest.Server, method, path string, header ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, body}
}

func wantEnvelope(message string, code int) string {
	b, _ := json.Marshal(message)
	return fmt.Sprintf(`{"message":%s,"code":%d,"data":null}`+"\n", b, code)
}

func checkHeader(t *testing.T, r reply, name, want string) {
	t.Helper()
	if got := r.header.Get(name); got != want {
		t.Errorf("%s: %q, want %q", name, got, want)
	}
}

func TestMessage(t *testing.T) {
	c := embedded(t)
	_, ts := start(t, Config{Catalog: c})
	tests := []struct {
		name   string
		path   string
		accept string
		locale string
	}{
		{name: "no preference gets English", path: "/v1/errors/2004", locale: "en"},
		{name: "Accept-Language ja", path: "/v1/errors/2004", accept: "ja", locale: "ja"},
		{name: "q-values order the header", path: "/v1/errors/2004", accept: "de;q=0.5, ko", locale: "ko"},
		{name: "zh-TW gets zh-Hant", path: "/v1/errors/2004", accept: "zh-TW", locale: "zh-Hant"},
		{name: "zh-CN gets zh-Hans", path: "/v1/errors/2004", accept: "zh-CN,zh;q=0.9", locale: "zh-Hans"},
		{name: "?lang= beats Accept-Language", path: "/v1/errors/2004?lang=fr", accept: "ja", locale: "fr"},
		{name: "?lang= takes a list", path: "/v1/errors/2004?lang=" + url.QueryEscape("xx, pt-PT;q=0.8"), accept: "ja", locale: "pt-BR"},
		{name: "?lang= among other parameters", path: "/v1/errors/2004?x=1&lang=de&y", locale: "de"},
		{name: "unshipped ?lang= falls to the header", path: "/v1/errors/2004?lang=xx", accept: "ru", locale: "ru"},
		{name: "unshipped language gets English", path: "/v1/errors/2004", accept: "xx", locale: "en"},
		{name: "oversized Accept-Language is ignored", path: "/v1/errors/2004", accept: "ja," + strings.Repeat("xx-yy,", 1000), locale: "en"},
		{name: "another code", path: "/v1/errors/1000", accept: "es", locale: "es"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, ts, "GET", tt.path, "Accept-Language", tt.accept)
			if r.status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", r.status, r.body)
			}
			code, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(tt.path, "?", 2)[0], "/v1/errors/"))
			want := c.Message(c.LocaleIndex(tt.locale), code).Other()
			if got := string(r.body); got != wantEnvelope(want, code) {
				t.Errorf("body %s, want %s", got, wantEnvelope(want, code))
			}
			checkHeader(t, r, "Content-Type", "application/json; charset=utf-8")
			checkHeader(t, r, "Content-Language", tt.locale)
			checkHeader(t, r, "Vary", "Accept-Language")
			checkHeader(t, r, "Cache-Control", "no-cache")
			checkHeader(t, r, "ETag", fmt.Sprintf(`"%s-%s-%d"`, c.Version(), tt.locale, code))
			checkHeader(t, r, "Content-Length", strconv.Itoa(len(r.body)))
		})
	}
}

func TestMaxAge(t *testing.T) {
	_, ts := start(t, Config{Catalog: embedded(t), MaxAge: 90e9})
	for _, path := range []string{"/v1/errors/2004", "/v1/errors", "/v1/locales"} {
		r := do(t, ts, "GET", path)
		checkHeader(t, r, "Cache-Control", "public, max-age=90")
	}
	// Errors are never cached: an unknown code may exist after a reload.
	checkHeader(t, do(t, ts, "GET", "/v1/errors/9999"), "Cache-Control", "no-store")
}

// The service's bodies are exactly what errcat.WriteError writes for the
// same request, so a client cannot tell the library from the service.
func TestMessageMatchesWriteError(t *testing.T) {
	_, ts := start(t, Config{Catalog: embedded(t)})
	lib := errcat.Default()
	for _, accept := range []string{"", "ja", "zh-TW", "fr;q=0.5, de", "pt"} {
		for _, code := range lib.Catalog().Codes() {
			r := do(t, ts, "GET", "/v1/errors/"+strconv.Itoa(code), "Accept-Language", accept)
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("Accept-Language", accept)
			rec := httptest.NewRecorder()
			lib.WriteError(rec, req, errcat.Code(code))
			if string(r.body) != rec.Body.String() {
				t.Errorf("code %d, %q: service %s, library %s", code, accept, r.body, rec.Body)
			}
			if got, want := r.header.Get("Content-Language"), rec.Header().Get("Content-Language"); got != want {
				t.Errorf("code %d, %q: Content-Language %q, library %q", code, accept, got, want)
			}
		}
	}
}

func TestConditional(t *testing.T) {
	c := embedded(t)
	_, ts := start(t, Config{Catalog: c})
	first := do(t, ts, "GET", "/v1/errors/2004", "Accept-Language", "ja")
	etag := first.header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) {
		t.Fatalf("ETag %q is not a strong entity tag", etag)
	}
	tests := []struct {
		name        string
		accept      string
		ifNoneMatch string
		status      int
	}{
		{"the same ETag", "ja", etag, 304},
		{"a weak form of it", "ja", "W/" + etag, 304},
		{"in a list", "ja", `"abc", ` + etag + `, "def"`, 304},
		{"*", "ja", "*", 304},
		{"another locale gets its own ETag", "zh-TW", etag, 200},
		{"ja-JP resolves to the same text", "ja-JP", etag, 304},
		{"another ETag", "ja", `"abc"`, 200},
		{"unquoted", "ja", strings.Trim(etag, `"`), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, ts, "GET", "/v1/errors/2004", "Accept-Language", tt.accept, "If-None-Match", tt.ifNoneMatch)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d", r.status, tt.status)
			}
			if r.status == 304 {
				if len(r.body) != 0 {
					t.Errorf("304 with a body: %q", r.body)
				}
				checkHeader(t, r, "ETag", etag)
				checkHeader(t, r, "Vary", "Accept-Language")
				checkHeader(t, r, "Cache-Control", "no-cache")
				checkHeader(t, r, "Content-Type", "")
			}
		})
	}
	// The list and the locales carry ETags of their own.
	for _, path := range []string{"/v1/errors?lang=ja", "/v1/errors", "/v1/locales"} {
		r := do(t, ts, "GET", path)
		tag := r.header.Get("ETag")
		if r.status != 200 || tag == "" {
			t.Fatalf("%s: status %d, ETag %q", path, r.status, tag)
		}
		if r := do(t, ts, "GET", path, "If-None-Match", tag); r.status != 304 || len(r.body) != 0 {
			t.Errorf("%s with If-None-Match: status %d, body %q", path, r.status, r.body)
		}
		if r := do(t, ts, "GET", path, "If-None-Match", "W/"+tag); r.status != 304 {
			t.Errorf("%s with a weak If-None-Match: status %d", path, r.status)
		}
		if r := do(t, ts, "GET", path, "If-None-Match", etag); r.status != 200 {
			t.Errorf("%s with a message's ETag: status %d", path, r.status)
		}
	}
}

// HEAD is answered where GET is, with GET's headers and no body: checked
// on a raw connection, where a body would show after the header.
func TestHead(t *testing.T) {
	_, ts := start(t, Config{Catalog: embedded(t)})
	for _, path := range []string{"/v1/errors/2004", "/v1/errors?lang=ja", "/v1/locales", "/healthz", "/readyz"} {
		get := do(t, ts, "GET", path, "Accept-Language", "ja")
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "HEAD %s HTTP/1.1\r\nHost: errcat\r\nAccept-Language: ja\r\nConnection: close\r\n\r\n", path)
		raw, err := io.ReadAll(conn)
		conn.Close()
		if err != nil {
			t.Fatal(err)
		}
		head, rest, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
		if !ok {
			t.Fatalf("HEAD %s: no end of header in %q", path, raw)
		}
		if !bytes.HasPrefix(head, []byte("HTTP/1.1 200 ")) {
			t.Errorf("HEAD %s: %q", path, head)
		}
		if len(rest) != 0 {
			t.Errorf("HEAD %s sent a body: %q", path, rest)
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), &http.Request{Method: "HEAD"})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{"Content-Type", "Content-Language", "ETag", "Vary", "Cache-Control"} {
			if got, want := resp.Header.Get(h), get.header.Get(h); got != want {
				t.Errorf("HEAD %s: %s %q, GET has %q", path, h, got, want)
			}
		}
		if got, want := resp.Header.Get("Content-Length"), strconv.Itoa(len(get.body)); got != want {
			t.Errorf("HEAD %s: Content-Length %s, GET's body is %s bytes", path, got, want)
		}
	}
}

// checkEnvelope checks that body is exactly an envelope
// {"message": string, "code": number, "data": null}, in that order, and
// returns its message and code.
func checkEnvelope(t *testing.T, body []byte) (string, int) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var toks []any
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("body %s: %v", body, err)
		}
		toks = append(toks, tok)
	}
	if len(toks) != 8 || toks[0] != json.Delim('{') || toks[1] != "message" || toks[3] != "code" ||
		toks[5] != "data" || toks[6] != nil || toks[7] != json.Delim('}') {
		t.Fatalf("body %s is not an envelope {\"message\",\"code\",\"data\":null}", body)
	}
	msg, ok := toks[2].(string)
	num, _ := toks[4].(json.Number)
	code, err := strconv.Atoi(string(num))
	if !ok || err != nil {
		t.Fatalf("body %s: message or code of the wrong type", body)
	}
	return msg, code
}

func TestErrors(t *testing.T) {
	_, ts := start(t, Config{Catalog: embedded(t)})
	tests := []struct {
		name, method, path string
		status             int
		message            string
		allow              string
	}{
		{"a code that is not a number", "GET", "/v1/errors/abc", 400, msgBadCode, ""},
		{"a number with a leading zero", "GET", "/v1/errors/02004", 400, msgBadCode, ""},
		{"a negative number", "GET", "/v1/errors/-1", 400, msgBadCode, ""},
		{"a number with a suffix", "GET", "/v1/errors/2004x", 400, msgBadCode, ""},
		{"an escaped slash", "GET", "/v1/errors/20%2F04", 400, msgBadCode, ""},
		{"a huge number", "GET", "/v1/errors/99999999999999999999", 400, msgBadCode, ""},
		{"a path below a code", "GET", "/v1/errors/2004/more", 404, msgNoRoute, ""},
		{"an empty code", "GET", "/v1/errors/", 404, msgNoRoute, ""},
		{"an unknown path", "GET", "/v2/errors", 404, msgNoRoute, ""},
		{"POST a message", "POST", "/v1/errors/2004", 405, msgNotAllowed, "GET, HEAD"},
		{"DELETE the list", "DELETE", "/v1/errors", 405, msgNotAllowed, "GET, HEAD"},
		{"PUT the locales", "PUT", "/v1/locales", 405, msgNotAllowed, "GET, HEAD"},
		{"POST /healthz", "POST", "/healthz", 405, msgNotAllowed, "GET, HEAD"},
		{"OPTIONS /metrics", "OPTIONS", "/metrics", 405, msgNotAllowed, "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, ts, tt.method, tt.path, "Accept-Language", "ja")
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			checkHeader(t, r, "Content-Type", "application/json; charset=utf-8")
			checkHeader(t, r, "Content-Language", "en")
			checkHeader(t, r, "Cache-Control", "no-store")
			checkHeader(t, r, "Allow", tt.allow)
			if tt.method == "HEAD" {
				if len(r.body) != 0 {
					t.Errorf("HEAD with a body: %q", r.body)
				}
				return
			}
			checkHeader(t, r, "Content-Length", strconv.Itoa(len(r.body)))
			msg, code := checkEnvelope(t, r.body)
			if msg != tt.message || code != 0 {
				t.Errorf("message %q, code %d; want %q, 0", msg, code, tt.message)
			}
		})
	}
}

type listBody struct {
	Locale   string
	Version  string
	Messages []struct {
		Message string
		Code    int
		Locale  *string
	}
}

func TestList(t *testing.T) {
	c := jaLacking2004(t)
	_, ts := start(t, Config{Catalog: c})
	tests := []struct {
		name    string
		path    string
		accept  string
		locale  string // the list's language
		for2004 string // the locale 2004 falls back to
	}{
		{"?lang=ja, 2004 from English", "/v1/errors?lang=ja", "", "ja", "en"},
		{"?lang=ja, 2004 from the header's fr", "/v1/errors?lang=ja", "fr", "ja", "fr"},
		{"the header alone", "/v1/errors", "ja, de", "ja", "de"},
		{"?lang= beats the header", "/v1/errors?lang=ko", "ja", "ko", "ko"},
		{"zh-TW gets zh-Hant", "/v1/errors?lang=zh-TW", "", "zh-Hant", "zh-Hant"},
		{"no preference gets English", "/v1/errors", "", "en", "en"},
	}
	etags := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, ts, "GET", tt.path, "Accept-Language", tt.accept)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			checkHeader(t, r, "Content-Type", "application/json; charset=utf-8")
			checkHeader(t, r, "Content-Language", tt.locale)
			checkHeader(t, r, "Vary", "Accept-Language")
			checkHeader(t, r, "Content-Length", strconv.Itoa(len(r.body)))
			etag := r.header.Get("ETag")
			if !strings.HasPrefix(etag, `"`+c.Version()+"-") {
				t.Errorf("ETag %q does not start with the catalog version", etag)
			}
			if other, ok := etags[etag]; ok {
				t.Errorf("ETag %s also given to %q, a different list", etag, other)
			}
			etags[etag] = tt.name
			var list listBody
			if err := json.Unmarshal(r.body, &list); err != nil {
				t.Fatal(err)
			}
			if list.Locale != tt.locale || list.Version != c.Version() {
				t.Errorf("locale %q, version %q; want %q, %q", list.Locale, list.Version, tt.locale, c.Version())
			}
			if len(list.Messages) != len(c.Codes()) {
				t.Fatalf("%d messages, want %d", len(list.Messages), len(c.Codes()))
			}
			for i, m := range list.Messages {
				code := c.Codes()[i]
				want := tt.locale
				if code == 2004 {
					want = tt.for2004
				}
				if m.Code != code {
					t.Fatalf("entry %d is code %d, want %d", i, m.Code, code)
				}
				if text := c.Message(c.LocaleIndex(want), code).Other(); m.Message != text {
					t.Errorf("code %d: %q, want %s's %q", code, m.Message, want, text)
				}
				switch {
				case want == tt.locale && m.Locale != nil:
					t.Errorf("code %d in the list's language says locale %q", code, *m.Locale)
				case want != tt.locale && (m.Locale == nil || *m.Locale != want):
					t.Errorf("code %d fell back to %s but says locale %v", code, want, m.Locale)
				}
			}
		})
	}
}

func TestLocales(t *testing.T) {
	c := jaLacking2004(t)
	_, ts := start(t, Config{Catalog: c})
	r := do(t, ts, "GET", "/v1/locales", "Accept-Language", "ja")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	checkHeader(t, r, "Content-Type", "application/json; charset=utf-8")
	checkHeader(t, r, "ETag", `"`+c.Version()+`-locales"`)
	checkHeader(t, r, "Content-Length", strconv.Itoa(len(r.body)))
	var body struct {
		Version, Source string
		Locales         []struct {
			Tag, Name                         string
			Translated, Missing, Stale, Total int
		}
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Version != c.Version() || body.Source != "en" {
		t.Errorf("version %q, source %q", body.Version, body.Source)
	}
	var tags []string
	names := map[string]string{}
	for _, l := range body.Locales {
		tags = append(tags, l.Tag)
		names[l.Tag] = l.Name
		if l.Total != len(c.Codes()) || l.Translated+l.Missing != l.Total {
			t.Errorf("%s: translated %d + missing %d, total %d", l.Tag, l.Translated, l.Missing, l.Total)
		}
		// What each bundle lacks: ja lacks 2004, the rest what the shipped
		// bundles lack today.
		wantMissing := 0
		for _, code := range c.Codes() {
			if c.Message(c.LocaleIndex(l.Tag), code) == nil {
				wantMissing++
			}
		}
		if l.Tag == "ja" && wantMissing == 0 {
			t.Fatal("bad test: ja lacks nothing")
		}
		if l.Missing != wantMissing {
			t.Errorf("%s: %d missing, want %d", l.Tag, l.Missing, wantMissing)
		}
	}
	// The source first, then every other bundle by tag.
	want := []string{"en"}
	ents, err := fs.ReadDir(locales.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if tag, ok := strings.CutSuffix(e.Name(), ".toml"); ok && tag != "en" && e.Name() != catalog.FactsFile {
			want = append(want, tag)
		}
	}
	if got := strings.Join(tags, " "); got != strings.Join(want, " ") {
		t.Errorf("locales %s, want %s", got, strings.Join(want, " "))
	}
	for tag, name := range map[string]string{"en": "English", "ja": "日本語", "zh-Hant": "繁體中文", "zh-Hans": "简体中文", "de": "Deutsch"} {
		if names[tag] != name {
			t.Errorf("%s is named %q, want %q", tag, names[tag], name)
		}
	}
}

func TestReadiness(t *testing.T) {
	srv, ts := start(t, Config{})
	if r := do(t, ts, "GET", "/healthz"); r.status != 200 || string(r.body) != "{\"status\":\"ok\"}\n" {
		t.Errorf("healthz: %d %s", r.status, r.body)
	}
	for _, path := range []string{"/readyz", "/v1/errors/2004", "/v1/errors", "/v1/locales"} {
		r := do(t, ts, "GET", path)
		if r.status != 503 {
			t.Errorf("%s before a catalog: status %d, want 503", path, r.status)
			continue
		}
		checkHeader(t, r, "Retry-After", "1")
		if msg, _ := checkEnvelope(t, r.body); msg != msgNoCatalog {
			t.Errorf("%s: message %q", path, msg)
		}
	}
	c := embedded(t)
	before := time.Now().Truncate(time.Second)
	srv.SetCatalog(c)
	r := do(t, ts, "GET", "/readyz")
	// SetCatalog is a good load: the reload member says when.
	good := srv.ReloadState().LastGood.UTC().Format(time.RFC3339)
	want := fmt.Sprintf(`{"status":"ready","version":%q,"codes":%d,"locales":%d,"reload":{"ok":true,"last_good":%q}}`+"\n", c.Version(), len(c.Codes()), len(c.Locales()), good)
	if r.status != 200 || string(r.body) != want {
		t.Errorf("readyz: %d %s, want 200 %s", r.status, r.body, want)
	}
	if rs := srv.ReloadState(); rs.LastGood.Before(before) || rs.LastGood.After(time.Now()) || rs.Failed() {
		t.Errorf("ReloadState after SetCatalog: %+v", rs)
	}
	if r := do(t, ts, "GET", "/v1/errors/2004"); r.status != 200 {
		t.Errorf("message after SetCatalog: status %d", r.status)
	}
	// SetCatalog(nil) takes the server out of service.
	srv.SetCatalog(nil)
	if r := do(t, ts, "GET", "/readyz"); r.status != 503 {
		t.Errorf("readyz after SetCatalog(nil): %d", r.status)
	}
}

// metric returns the value of one sample in Prometheus text, or -1.
func metric(t testing.TB, text, sample string) float64 {
	t.Helper()
	for line := range strings.SplitSeq(text, "\n") {
		if v, ok := strings.CutPrefix(line, sample+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	return -1
}

func scrape(t testing.TB, ts *httptest.Server) string {
	t.Helper()
	r := do(t, ts, "GET", "/metrics")
	if r.status != 200 {
		t.Fatalf("/metrics: %d", r.status)
	}
	return string(r.body)
}

func TestMetrics(t *testing.T) {
	c := jaLacking2004(t)
	_, ts := start(t, Config{Catalog: c})
	do(t, ts, "GET", "/v1/errors/2004", "Accept-Language", "ja, fr")                                    // fr: a later choice
	do(t, ts, "GET", "/v1/errors/2004", "Accept-Language", "ja")                                        // en: the source
	do(t, ts, "GET", "/v1/errors/1000", "Accept-Language", "ja")                                        // ja
	r := do(t, ts, "GET", "/v1/errors/1000", "Accept-Language", "ja")                                   // ja
	do(t, ts, "GET", "/v1/errors/1000", "If-None-Match", r.header.Get("ETag"), "Accept-Language", "ja") // 304, ja
	do(t, ts, "GET", "/v1/errors/9999")
	do(t, ts, "GET", "/v1/errors/x")
	do(t, ts, "POST", "/v1/errors/2004")
	do(t, ts, "GET", "/v1/errors?lang=ja")
	do(t, ts, "GET", "/nowhere")

	text := scrape(t, ts)
	for sample, want := range map[string]float64{
		`errcat_http_requests_total{route="GET /v1/errors/{code}",status="200"}`:    4,
		`errcat_http_requests_total{route="GET /v1/errors/{code}",status="304"}`:    1,
		`errcat_http_requests_total{route="GET /v1/errors/{code}",status="404"}`:    1,
		`errcat_http_requests_total{route="GET /v1/errors/{code}",status="400"}`:    1,
		`errcat_http_requests_total{route="/v1/errors/{code}",status="405"}`:        1,
		`errcat_http_requests_total{route="GET /v1/errors",status="200"}`:           1,
		`errcat_http_requests_total{route="/",status="404"}`:                        1,
		`errcat_http_request_duration_seconds_count{route="GET /v1/errors/{code}"}`: 7,
		`errcat_resolved_total{locale="ja"}`:                                        3,
		`errcat_resolved_total{locale="fr"}`:                                        1,
		`errcat_resolved_total{locale="en"}`:                                        1,
		`errcat_resolved_total{locale="de"}`:                                        0,
		`errcat_fallbacks_total{kind="later-choice"}`:                               1,
		`errcat_fallbacks_total{kind="source"}`:                                     1,
		`errcat_reloads_total{result="ok"}`:                                         0,
		`errcat_reloads_total{result="failed"}`:                                     0,
		`errcat_catalog_codes`:                                                      float64(len(c.Codes())),
		`errcat_catalog_locales`:                                                    float64(len(c.Locales())),
	} {
		if got := metric(t, text, sample); got != want {
			t.Errorf("%s = %v, want %v", sample, got, want)
		}
	}
	// The scrape before this one is counted too.
	if got := metric(t, scrape(t, ts), `errcat_http_requests_total{route="GET /metrics",status="200"}`); got < 1 {
		t.Errorf("/metrics requests: %v", got)
	}
}

// Each server has its own registry: two in one process do not collide.
func TestTwoServers(t *testing.T) {
	_, a := start(t, Config{Catalog: embedded(t)})
	_, b := start(t, Config{Catalog: embedded(t)})
	do(t, a, "GET", "/v1/errors/2004")
	if got := metric(t, scrape(t, b), `errcat_http_requests_total{route="GET /v1/errors/{code}",status="200"}`); got != -1 {
		t.Errorf("server b counts server a's request: %v", got)
	}
}

// syncBuffer is a bytes.Buffer for a logger that writes from the server's
// goroutines while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestAccessLog(t *testing.T) {
	var logs syncBuffer
	_, ts := start(t, Config{Catalog: embedded(t), AccessLog: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	do(t, ts, "GET", "/v1/errors/2004?lang=ja")
	do(t, ts, "GET", "/v1/errors/nope")
	out := logs.String()
	for _, want := range []string{
		`msg=request method=GET path="/v1/errors/2004?lang=ja" route="GET /v1/errors/{code}" status=200 bytes=`,
		`lang=ja`,
		`msg=request method=GET path=/v1/errors/nope route="GET /v1/errors/{code}" status=400 `,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("access log lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "msg=request "); n != 2 {
		t.Errorf("%d access log lines for 2 requests:\n%s", n, out)
	}

	// Without AccessLog, requests are not logged.
	var quiet syncBuffer
	_, ts = start(t, Config{Catalog: embedded(t), Logger: slog.New(slog.NewTextHandler(&quiet, nil))})
	do(t, ts, "GET", "/v1/errors/2004")
	if quiet.String() != "" {
		t.Errorf("logged without AccessLog: %s", quiet.String())
	}
}

// A service mounts the Server in its own mux.
func TestMounted(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/v1/", New(Config{Catalog: embedded(t)}))
	mux.HandleFunc("/v1/users", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "users") })
	ts := httptest.NewServer(mux)
	defer ts.Close()
	if r := do(t, ts, "GET", "/v1/errors/2004", "Accept-Language", "de"); r.status != 200 || string(r.body) != wantEnvelope(embedded(t).Message(embedded(t).LocaleIndex("de"), 2004).Other(), 2004) {
		t.Errorf("mounted: %d %s", r.status, r.body)
	}
	if r := do(t, ts, "GET", "/v1/users"); string(r.body) != "users" {
		t.Errorf("the service's own route: %s", r.body)
	}
}

// The message route's fast path sets no {code} path value (it would
// allocate), so the handler reads the code from the path; a service whose
// own pattern has a {code} of its own must not have it taken for the
// message's.
func TestMountedUnderAPatternWithCode(t *testing.T) {
	cat := embedded(t)
	code := cat.Codes()[len(cat.Codes())-1]
	path := "/v1/errors/" + strconv.Itoa(code)
	direct := httptest.NewServer(New(Config{Catalog: cat}))
	defer direct.Close()
	want := do(t, direct, "GET", path)

	mux := http.NewServeMux()
	srv := New(Config{Catalog: cat})
	mux.HandleFunc("/tenants/{code}/", func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/tenants/"+r.PathValue("code"))
		srv.ServeHTTP(w, r)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	got := do(t, ts, "GET", "/tenants/7"+path)
	if got.status != want.status || string(got.body) != string(want.body) {
		t.Errorf("under /tenants/{code}/: %d %s, want %d %s", got.status, got.body, want.status, want.body)
	}
}

func TestNotModified(t *testing.T) {
	const etag = `"v1-ja-2004"`
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{etag, true},
		{"W/" + etag, true},
		{"*", true},
		{` "a" , W/"b",` + etag, true},
		{`"a", "b"`, false},
		{`"v1-ja-2004`, false},
		{`v1-ja-2004`, false},
		{`W/`, false},
		{`"v1-ja-20045"`, false},
		{`junk, ` + etag, true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		if tt.header != "" {
			r.Header.Set("If-None-Match", tt.header)
		}
		if got := notModified(r, etag); got != tt.want {
			t.Errorf("If-None-Match %q: %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestQueryValue(t *testing.T) {
	tests := []struct{ query, want string }{
		{"", ""},
		{"lang=ja", "ja"},
		{"a=1&lang=fr&lang=de", "fr"},
		{"language=ja", ""},
		{"lang", ""},
		{"lang=", ""},
		{"lang=ja%2C+fr%3Bq%3D0.5", "ja, fr;q=0.5"},
		{"l%61ng=ko", "ko"},
		{"lang=%zz", ""},
	}
	for _, tt := range tests {
		if got := queryValue(tt.query, "lang"); got != tt.want {
			t.Errorf("queryValue(%q) = %q, want %q", tt.query, got, tt.want)
		}
		if u, err := url.ParseQuery(tt.query); err == nil && u.Get("lang") != tt.want {
			t.Errorf("%q: url.Query says %q, queryValue %q", tt.query, u.Get("lang"), tt.want)
		}
	}
}
