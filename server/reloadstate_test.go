package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
)

// reloadBody is /readyz's reload member.
type reloadBody struct {
	OK          bool       `json:"ok"`
	LastGood    string     `json:"last_good"`
	FailedAt    string     `json:"failed_at"`
	Diagnostics []diagBody `json:"diagnostics"`
	More        int        `json:"more"`
}

// diagBody is a diagnostic as JSON: diag.Severity encodes as a word but
// does not decode.
type diagBody struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

func readyReload(t *testing.T, r reply) reloadBody {
	t.Helper()
	var b struct {
		Status string
		Reload *reloadBody
	}
	if err := json.Unmarshal(r.body, &b); err != nil || r.status != 200 || b.Status != "ready" || b.Reload == nil {
		t.Fatalf("readyz: %d %s %v", r.status, r.body, err)
	}
	return *b.Reload
}

// tinyCatalog writes a catalog of its own into dir: English and Swedish for
// one code, so that the test knows each text without the shipped catalog.
func tinyCatalog(t *testing.T, dir, swedish string) {
	t.Helper()
	write(t, filepath.Join(dir, "en.toml"), "[\"7001\"]\nother = \"The widget is broken\"\n")
	write(t, filepath.Join(dir, "sv.toml"), "[\"7001\"]\nother = "+fmt.Sprintf("%q", swedish)+"\n")
}

// A save the loader rejects is visible until a save fixes it: /readyz stays
// 200 and names the file and line, the metrics say the latest load failed
// and when the last good one was, and the old text is still served.
func TestReloadFailureIsVisible(t *testing.T) {
	dir := t.TempDir()
	tinyCatalog(t, dir, "Prylen är trasig")
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, ts := start(t, Config{Catalog: c})
	w, err := srv.watch(dir, 20*time.Millisecond, time.Hour, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	good := srv.ReloadState().LastGood
	if rb := readyReload(t, do(t, ts, "GET", "/readyz")); !rb.OK || rb.LastGood != good.UTC().Format(time.RFC3339) || rb.FailedAt != "" || rb.Diagnostics != nil {
		t.Errorf("reload before a bad save: %+v", rb)
	}
	checkReloadMetrics(t, ts, 1, good)

	// An unterminated string on line 2.
	sv := filepath.Join(dir, "sv.toml")
	saveByRename(t, sv, "[\"7001\"]\nother = \"Prylen är sönder\n")
	eventually(t, "/readyz to show the failed reload", func() bool {
		return !readyReload(t, do(t, ts, "GET", "/readyz")).OK
	})
	rb := readyReload(t, do(t, ts, "GET", "/readyz"))
	if rb.LastGood != good.UTC().Format(time.RFC3339) {
		t.Errorf("last_good %q after a failed reload, want the first load's %s", rb.LastGood, good.UTC().Format(time.RFC3339))
	}
	if _, err := time.Parse(time.RFC3339, rb.FailedAt); err != nil {
		t.Errorf("failed_at %q: %v", rb.FailedAt, err)
	}
	if len(rb.Diagnostics) == 0 || rb.Diagnostics[0].File != sv || rb.Diagnostics[0].Line != 2 || rb.Diagnostics[0].Rule != diag.RuleSyntax || rb.Diagnostics[0].Severity != "error" {
		t.Errorf("diagnostics %+v, want %s line 2, rule syntax", rb.Diagnostics, sv)
	}
	if rs := srv.ReloadState(); !rs.Failed() || !rs.LastGood.Equal(good) || len(rs.Diagnostics) != len(rb.Diagnostics) {
		t.Errorf("ReloadState %+v", rs)
	}
	checkReloadMetrics(t, ts, 0, good)
	if got := metric(t, scrape(t, ts), `errcat_reloads_total{result="failed"}`); got != 1 {
		t.Errorf(`errcat_reloads_total{result="failed"} = %v, want 1`, got)
	}
	if got := messageOf(do(t, ts, "GET", "/v1/errors/7001?lang=sv").body); got != "Prylen är trasig" {
		t.Errorf("after the failed reload the server answers %q, want the last good text", got)
	}

	saveByRename(t, sv, "[\"7001\"]\nother = \"Prylen är sönder\"\n")
	eventually(t, "the fix to load", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/7001?lang=sv").body) == "Prylen är sönder"
	})
	rb = readyReload(t, do(t, ts, "GET", "/readyz"))
	rs := srv.ReloadState()
	if !rb.OK || rb.FailedAt != "" || rb.Diagnostics != nil || rs.Failed() || rs.Diagnostics != nil || rs.LastGood.Before(good) {
		t.Errorf("after the fix: /readyz %+v, ReloadState %+v", rb, rs)
	}
	checkReloadMetrics(t, ts, 1, rs.LastGood)
}

func checkReloadMetrics(t *testing.T, ts *httptest.Server, ok float64, good time.Time) {
	t.Helper()
	text := scrape(t, ts)
	if got := metric(t, text, "errcat_reload_last_successful"); got != ok {
		t.Errorf("errcat_reload_last_successful = %v, want %v", got, ok)
	}
	want := float64(good.UnixNano()) / 1e9
	if got := metric(t, text, "errcat_reload_last_success_timestamp_seconds"); math.Abs(got-want) > 1e-3 {
		t.Errorf("errcat_reload_last_success_timestamp_seconds = %v, want %v", got, want)
	}
}

// A folder of many broken bundles keeps the first MaxReloadDiagnostics of
// their diagnostics and counts the rest, in ReloadState and in /readyz.
func TestReloadFailureIsBounded(t *testing.T) {
	dir := t.TempDir()
	tinyCatalog(t, dir, "Prylen är trasig")
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, ts := start(t, Config{Catalog: c})
	tags := []string{"ar", "bg", "cs", "da", "de", "el", "es", "fi", "fr", "he", "hu", "it", "ja",
		"ko", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "tr", "uk", "vi", "zh"}
	for _, tag := range tags {
		write(t, filepath.Join(dir, tag+".toml"), "[\"7001\"]\nother = \"unterminated\n")
	}
	err = srv.Reload(dir)
	want := len(catalog.Diagnostics(err, dir))
	if want <= MaxReloadDiagnostics {
		t.Fatalf("%d diagnostics from %d broken bundles: the test needs more than %d", want, len(tags), MaxReloadDiagnostics)
	}
	rs := srv.ReloadState()
	if len(rs.Diagnostics) != MaxReloadDiagnostics || rs.More != want-MaxReloadDiagnostics {
		t.Errorf("ReloadState keeps %d diagnostics and %d more, want %d and %d", len(rs.Diagnostics), rs.More, MaxReloadDiagnostics, want-MaxReloadDiagnostics)
	}
	rb := readyReload(t, do(t, ts, "GET", "/readyz"))
	if rb.OK || len(rb.Diagnostics) != MaxReloadDiagnostics || rb.More != rs.More {
		t.Errorf("/readyz: ok %v, %d diagnostics, %d more", rb.OK, len(rb.Diagnostics), rb.More)
	}
}

// The reload member is JSON, and its diagnostics are diag.Diagnostic's own
// JSON, whatever a message holds.
func TestAppendReloadIsJSON(t *testing.T) {
	at := time.Date(2026, 12, 2, 7, 1, 2, 0, time.FixedZone("CET", 3600))
	rs := ReloadState{LastGood: at, FailedAt: at.Add(time.Minute), More: 3, Diagnostics: []diag.Diagnostic{
		{File: `C:\locales\"ja".toml`, Line: 3, Col: 9, ID: "2004", Rule: diag.RuleSyntax, Message: "a \"quote\"\nand <script>\u2028"},
		{File: "locales/fr.toml", Rule: diag.RuleRead, Message: "permission denied"},
	}}
	b := appendReload(nil, rs)
	var got struct {
		Reload json.RawMessage `json:"reload"`
	}
	if err := json.Unmarshal(append(append([]byte("{"), strings.TrimPrefix(string(b), ",")...), '}'), &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	var rb reloadBody
	if err := json.Unmarshal(got.Reload, &rb); err != nil {
		t.Fatal(err)
	}
	if rb.OK || rb.LastGood != "2026-12-02T06:01:02Z" || rb.FailedAt != "2026-12-02T06:02:02Z" || rb.More != 3 {
		t.Errorf("%+v", rb)
	}
	want, _ := json.Marshal(rs.Diagnostics)
	if !strings.Contains(string(b), `"diagnostics":`+string(want)) {
		t.Errorf("diagnostics are not diag.Diagnostic's JSON:\n%s\nwant %s", b, want)
	}
	if ok := string(appendReload(nil, ReloadState{})); ok != `,"reload":{"ok":true}` {
		t.Errorf("before any load: %s", ok)
	}
}
