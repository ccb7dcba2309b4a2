package server

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
)

// smallCatalog is a catalog of two locales and two codes that no shipped
// bundle has, so that the tests below hold for anyone's catalog.
func smallCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "en.toml"), "[\"7001\"]\nother = \"The widget is broken\"\n\n[\"7002\"]\nother = \"The gadget is missing\"\n")
	write(t, filepath.Join(dir, "sv.toml"), "[\"7001\"]\nother = \"Prylen är trasig\"\n")
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCORS(t *testing.T) {
	const app = "https://app.example.com"
	_, ts := start(t, Config{Catalog: smallCatalog(t), CORSOrigins: []string{app, "http://localhost:3000"}})

	for _, path := range []string{"/v1/errors/7001", "/v1/errors", "/v1/locales"} {
		r := do(t, ts, "GET", path, "Origin", app, "Accept-Language", "sv")
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		checkHeader(t, r, "Access-Control-Allow-Origin", app)
		checkHeader(t, r, "Access-Control-Expose-Headers", "Content-Language, ETag")
		want := "Accept-Language, Origin"
		if path == "/v1/locales" {
			want = "Origin" // the list of locales is the same in every language
		}
		checkHeader(t, r, "Vary", want)
	}

	t.Run("an origin not listed gets no CORS header, and the answer varies by Origin", func(t *testing.T) {
		r := do(t, ts, "GET", "/v1/errors/7001", "Origin", "https://evil.example")
		checkHeader(t, r, "Access-Control-Allow-Origin", "")
		checkHeader(t, r, "Access-Control-Expose-Headers", "")
		checkHeader(t, r, "Vary", "Accept-Language, Origin")
		// Without Origin too: a shared cache must not hand this answer
		// to a page of an allowed origin.
		r = do(t, ts, "GET", "/v1/errors/7001")
		checkHeader(t, r, "Vary", "Accept-Language, Origin")
		// The origin is compared as the browser sends it, whole.
		r = do(t, ts, "GET", "/v1/errors/7001", "Origin", app+".evil.example")
		checkHeader(t, r, "Access-Control-Allow-Origin", "")
	})

	t.Run("errors and 304s of a shared endpoint are shared too", func(t *testing.T) {
		r := do(t, ts, "GET", "/v1/errors/9999", "Origin", app)
		if r.status != 404 {
			t.Fatalf("status %d", r.status)
		}
		checkHeader(t, r, "Access-Control-Allow-Origin", app)
		first := do(t, ts, "GET", "/v1/errors/7001", "Origin", app, "Accept-Language", "sv")
		r = do(t, ts, "GET", "/v1/errors/7001", "Origin", app, "Accept-Language", "sv", "If-None-Match", first.header.Get("ETag"))
		if r.status != 304 {
			t.Fatalf("revalidation: status %d", r.status)
		}
		checkHeader(t, r, "Access-Control-Allow-Origin", app)
		checkHeader(t, r, "Content-Language", "sv")
	})

	t.Run("the preflight of an allowed origin allows GET and HEAD with the language and ETag headers", func(t *testing.T) {
		for _, method := range []string{"GET", "HEAD"} {
			r := do(t, ts, "OPTIONS", "/v1/errors/7001", "Origin", "http://localhost:3000",
				"Access-Control-Request-Method", method, "Access-Control-Request-Headers", "accept-language,if-none-match")
			if r.status != http.StatusNoContent || len(r.body) != 0 {
				t.Errorf("%s: %d %q, want 204 and no body", method, r.status, r.body)
			}
			checkHeader(t, r, "Access-Control-Allow-Origin", "http://localhost:3000")
			checkHeader(t, r, "Access-Control-Allow-Methods", "GET, HEAD")
			checkHeader(t, r, "Access-Control-Allow-Headers", "Accept-Language, If-None-Match")
			checkHeader(t, r, "Access-Control-Max-Age", "7200")
			checkHeader(t, r, "Vary", "Origin")
			checkHeader(t, r, "Allow", "GET, HEAD, OPTIONS")
		}
	})

	t.Run("a preflight the policy refuses has no CORS header", func(t *testing.T) {
		for _, h := range [][]string{
			{"Origin", "https://evil.example", "Access-Control-Request-Method", "GET"},
			{"Origin", app, "Access-Control-Request-Method", "DELETE"},
		} {
			r := do(t, ts, "OPTIONS", "/v1/errors", h...)
			if r.status != http.StatusNoContent {
				t.Errorf("%v: status %d", h, r.status)
			}
			for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"} {
				checkHeader(t, r, name, "")
			}
		}
	})

	t.Run("other routes are not shared", func(t *testing.T) {
		for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
			r := do(t, ts, "GET", path, "Origin", app)
			checkHeader(t, r, "Access-Control-Allow-Origin", "")
			if r := do(t, ts, "OPTIONS", path, "Origin", app, "Access-Control-Request-Method", "GET"); r.status != 405 {
				t.Errorf("OPTIONS %s: %d, want 405", path, r.status)
			}
		}
		if r := do(t, ts, "POST", "/v1/errors", "Origin", app); r.status != 405 || r.header.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("POST /v1/errors: %d, Allow %q", r.status, r.header.Get("Allow"))
		}
	})
}

func TestCORSAnyOrigin(t *testing.T) {
	_, ts := start(t, Config{Catalog: smallCatalog(t), CORSOrigins: []string{"*"}})
	r := do(t, ts, "GET", "/v1/errors/7001", "Origin", "https://anyone.example")
	checkHeader(t, r, "Access-Control-Allow-Origin", "*")
	// The answer is the same for every origin: it does not vary by it.
	checkHeader(t, r, "Vary", "Accept-Language")
	r = do(t, ts, "OPTIONS", "/v1/locales", "Origin", "https://anyone.example", "Access-Control-Request-Method", "GET")
	checkHeader(t, r, "Access-Control-Allow-Origin", "*")
	checkHeader(t, r, "Access-Control-Allow-Methods", "GET, HEAD")
}

func TestNoCORS(t *testing.T) {
	_, ts := start(t, Config{Catalog: smallCatalog(t)})
	r := do(t, ts, "GET", "/v1/errors/7001", "Origin", "https://app.example.com")
	checkHeader(t, r, "Access-Control-Allow-Origin", "")
	checkHeader(t, r, "Vary", "Accept-Language")
	if r := do(t, ts, "OPTIONS", "/v1/errors/7001", "Origin", "https://app.example.com", "Access-Control-Request-Method", "GET"); r.status != 405 || r.header.Get("Allow") != "GET, HEAD" {
		t.Errorf("OPTIONS without a policy: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
}

// With SeparatePrivate, the metrics and the pages leave the public routes
// for Private's.
func TestSeparatePrivate(t *testing.T) {
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<h1>status</h1>"))
	})
	for _, separate := range []bool{false, true} {
		srv, pub := start(t, Config{Catalog: smallCatalog(t), Pages: pages, SeparatePrivate: separate})
		priv := httptestServer(t, srv.Private())
		onPublic := 200
		if separate {
			onPublic = 404
		}
		for _, path := range []string{"/metrics", "/", "/codes/7001"} {
			if r := do(t, pub, "GET", path); r.status != onPublic {
				t.Errorf("separate=%v: public GET %s: %d, want %d", separate, path, r.status, onPublic)
			}
			if r := do(t, priv, "GET", path); r.status != 200 {
				t.Errorf("separate=%v: private GET %s: %d, want 200", separate, path, r.status)
			}
		}
		for _, path := range []string{"/healthz", "/readyz"} {
			if r := do(t, pub, "GET", path); r.status != 200 {
				t.Errorf("public GET %s: %d", path, r.status)
			}
			if r := do(t, priv, "GET", path); r.status != 200 {
				t.Errorf("private GET %s: %d", path, r.status)
			}
		}
		// The API stays public.
		if r := do(t, pub, "GET", "/v1/errors/7001"); r.status != 200 {
			t.Errorf("public GET /v1/errors/7001: %d", r.status)
		}
		if r := do(t, priv, "GET", "/v1/errors/7001"); r.status != 404 {
			t.Errorf("private GET /v1/errors/7001: %d, want 404", r.status)
		}
		// Requests on either listener count in the one registry.
		r := do(t, priv, "GET", "/metrics")
		if want := `errcat_http_requests_total{route="GET /v1/errors/{code}",status="200"} 1`; !contains(r.body, want) {
			t.Errorf("separate=%v: metrics lack %s:\n%s", separate, want, r.body)
		}
	}
}

func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func contains(body []byte, s string) bool { return strings.Contains(string(body), s) }
