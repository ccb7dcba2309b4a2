package server

import (
	"net/http"
	"testing"
	"testing/fstest"

	"github.com/errcat/errcat/catalog"
)

// A code the catalog does not have is answered by the one rule for errors
// outside the catalog: 404 (there is no such message), with the envelope
// of the catalog's fallback code in the caller's language, or, in a
// catalog without one, the built-in English text with code 0.
func TestUnknownCode(t *testing.T) {
	c := embedded(t)
	fallback, ok := c.Fallback()
	if !ok {
		t.Fatal("the embedded catalog has no fallback code")
	}
	_, ts := start(t, Config{Catalog: c})
	for _, path := range []string{"/v1/errors/9999", "/v1/errors/0", "/v1/errors/9999?lang=de"} {
		r := do(t, ts, "GET", path, "Accept-Language", "ja")
		want := c.Localizer("ja")
		if path == "/v1/errors/9999?lang=de" {
			want = c.Localizer("de", "ja")
		}
		res, err := want.Localize(fallback, catalog.Params{})
		if err != nil {
			t.Fatal(err)
		}
		if r.status != http.StatusNotFound || string(r.body) != wantEnvelope(res.Text, fallback) {
			t.Errorf("GET %s: %d %s, want 404 with the fallback %d in %s", path, r.status, r.body, fallback, res.Locale)
		}
		checkHeader(t, r, "Content-Language", res.Locale)
		checkHeader(t, r, "Cache-Control", "no-store")
	}
	if r := do(t, ts, "HEAD", "/v1/errors/9999"); r.status != http.StatusNotFound || len(r.body) != 0 {
		t.Errorf("HEAD: %d with %d bytes", r.status, len(r.body))
	}

	bare, err := catalog.Load(fstest.MapFS{"en.toml": {Data: []byte("[\"5001\"]\nother = \"Order not found\"\n")}}, "bare")
	if err != nil {
		t.Fatal(err)
	}
	_, ts = start(t, Config{Catalog: bare})
	r := do(t, ts, "GET", "/v1/errors/9999", "Accept-Language", "ja")
	if r.status != http.StatusNotFound || string(r.body) != wantEnvelope(catalog.UnknownText, 0) {
		t.Errorf("no fallback: %d %s", r.status, r.body)
	}
	checkHeader(t, r, "Content-Language", catalog.UnknownLocale)
}
