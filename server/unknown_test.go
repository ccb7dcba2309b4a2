package server

import (
	"net/http"
	"path/filepath"
	"strings"
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

// The facts file is part of the catalog: editing it reloads the catalog,
// so a new fallback code answers unknown codes at once.
func TestWatchReloadsTheFactsFile(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	c0, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, ts := start(t, Config{Catalog: c0})
	w, err := srv.Watch(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	facts := readBundle(t, catalog.FactsFile)
	edited := strings.Replace(facts, "fallback = 1000", "fallback = 1001", 1)
	if edited == facts {
		t.Fatal("the shipped facts file names no fallback 1000")
	}
	saveByRename(t, filepath.Join(dir, catalog.FactsFile), edited)
	eventually(t, "the reload of codes.toml", func() bool {
		fb, _ := srv.Catalog().Fallback()
		return fb == 1001
	})
	if srv.Catalog().Version() == c0.Version() {
		t.Error("the catalog's version did not change with its facts")
	}
	r := do(t, ts, "GET", "/v1/errors/9999")
	if _, code := checkEnvelope(t, r.body); code != 1001 {
		t.Errorf("an unknown code after the reload: %s", r.body)
	}
}
