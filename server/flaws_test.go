package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
)

// A small catalog of its own: English, German, and an Italian bundle whose
// 3001 has a placeholder in the wrong case, as a translator types it.
const (
	flawEn = `["1000"]
other = "The system is busy"

["2004"]
other = "User {{.Name}} does not exist"

["3001"]
other = "At most {{.Max}} characters"
`
	flawDe = `["1000"]
other = "Das System ist ausgelastet"

["3001"]
other = "Höchstens {{.Max}} Zeichen"
`
	flawIt = `["1000"]
other = "Il sistema è occupato"

["2004"]
other = "L'utente {{.Name}} non esiste"

["3001"]
other = "Al massimo {{.max}} caratteri"
`
)

// A bundle with one bad placeholder loads: every other message of its
// locale is served, and that one falls back, to the caller's next
// Accept-Language preference and then to the source; never "<no value>",
// never the Italian with its number missing. It holds on a reload too: the
// flawed save is served, less that message, and logged with its place.
func TestFlawedTranslationFallsBackOverHTTP(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "en.toml"), flawEn)
	write(t, filepath.Join(dir, "de.toml"), flawDe)
	write(t, filepath.Join(dir, "it.toml"), strings.Replace(flawIt, "{{.max}}", "{{.Max}}", 1))
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv, ts := start(t, Config{Catalog: c, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if r := do(t, ts, "GET", "/v1/errors/3001", "Accept-Language", "it, de"); messageOf(r.body) != "Al massimo  caratteri" {
		t.Fatalf("before the flawed save: %q", r.body)
	}

	write(t, filepath.Join(dir, "it.toml"), flawIt)
	if err := srv.Reload(dir); err != nil {
		t.Fatalf("a bundle with one flawed translation did not load: %v", err)
	}
	for _, tc := range []struct {
		name, path, accept, locale, want string
	}{
		{"the rest of the bundle is served", "/v1/errors/1000", "it, de", "it", "Il sistema è occupato"},
		{"a templated message beside it too", "/v1/errors/2004", "it, de", "it", "L'utente  non esiste"},
		{"the flawed one falls to the next preference", "/v1/errors/3001", "it, de;q=0.8", "de", "Höchstens  Zeichen"},
		{"then to the source", "/v1/errors/3001", "it", "en", "At most  characters"},
		{"?lang= falls back the same way", "/v1/errors/3001?lang=it,de", "", "de", "Höchstens  Zeichen"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, ts, "GET", tc.path, "Accept-Language", tc.accept)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			checkHeader(t, r, "Content-Language", tc.locale)
			if got := messageOf(r.body); got != tc.want {
				t.Errorf("message %q, want %q", got, tc.want)
			}
		})
	}

	// The whole-locale list says the same: 3001 is the source's.
	r := do(t, ts, "GET", "/v1/errors?lang=it")
	var list listBody
	if err := json.Unmarshal(r.body, &list); err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, m := range list.Messages {
		got[m.Code] = m.Message
	}
	if got[1000] != "Il sistema è occupato" || got[3001] != "At most  characters" {
		t.Errorf("the list: %v", got)
	}
	if strings.Contains(string(r.body), "<no value>") || strings.Contains(string(r.body), "Al massimo") {
		t.Errorf("the list serves the flawed text: %s", r.body)
	}

	// The operator sees why, with the place to fix.
	if !strings.Contains(logs.String(), "it.toml:8:9: error: code 3001: placeholder {{.max}} is not in the source; it would show as nothing: did you mean {{.Max}}?") {
		t.Errorf("the log does not name the flaw:\n%s", logs.String())
	}
}
