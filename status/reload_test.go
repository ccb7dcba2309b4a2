package status_test

import (
	"encoding/json"
	"html"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/status"
)

// bannerRE finds the failed reload's banner in a page.
var bannerRE = regexp.MustCompile(`(?s)<section class="reload-failed".*?</section>`)

// readyReload is /readyz's reload member, as a client reads it.
type readyReload struct {
	OK          bool   `json:"ok"`
	LastGood    string `json:"last_good"`
	FailedAt    string `json:"failed_at"`
	Diagnostics []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Col     int    `json:"col"`
		Message string `json:"message"`
	} `json:"diagnostics"`
}

func readyzReload(t *testing.T, base string) readyReload {
	t.Helper()
	r := get(t, base+"/readyz")
	var b struct{ Reload *readyReload }
	if err := json.Unmarshal([]byte(r.body), &b); err != nil || r.status != 200 || b.Reload == nil {
		t.Fatalf("/readyz: %d %s %v", r.status, r.body, err)
	}
	return *b.Reload
}

func saveFile(t *testing.T, name, text string) {
	t.Helper()
	// As an editor saves: a new file renamed over the old one.
	if err := os.WriteFile(name+".tmp~", []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(name+".tmp~", name); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	// The deadline only bounds a test that has already failed.
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// A translator's save that does not load shows on every status page, with
// the problem's file, line and message and the time of the catalog still
// shown, as /readyz and the metrics say it; the API keeps the last good
// text; the fix clears it all. A real server on 127.0.0.1 watches a real
// folder of the test's own bundles.
func TestFailedReloadBanner(t *testing.T) {
	dir := t.TempDir()
	en := filepath.Join(dir, "en.toml")
	sv := filepath.Join(dir, "sv.toml")
	saveFile(t, en, "[\"7001\"]\nother = \"The widget is broken\"\n")
	saveFile(t, sv, "[\"7001\"]\nother = \"Prylen är trasig\"\n")
	srv, ts := startServer(t, dir)
	w, err := srv.Watch(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	pages := []string{"/", "/codes/7001", "/codes/9999", "/?locale=sv&state=problems"}
	for _, p := range pages {
		if b := bannerRE.FindString(get(t, ts.URL+p).body); b != "" {
			t.Errorf("%s before a bad save shows %s", p, b)
		}
	}
	good := readyzReload(t, ts.URL).LastGood

	saveFile(t, sv, "[\"7001\"]\nother = \"Prylen är sönder\n")
	waitFor(t, "/readyz to show the failed reload", func() bool { return !readyzReload(t, ts.URL).OK })
	rr := readyzReload(t, ts.URL)
	if rr.LastGood != good || len(rr.Diagnostics) != 1 || rr.Diagnostics[0].File != sv || rr.Diagnostics[0].Line != 2 {
		t.Fatalf("/readyz after the bad save: %+v, want %s line 2 and last good %s", rr, sv, good)
	}
	d := rr.Diagnostics[0]
	lastGood, err := time.Parse(time.RFC3339, good)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		r := get(t, ts.URL+p)
		banner := bannerRE.FindString(r.body)
		if banner == "" {
			t.Errorf("%s (%d) shows no banner after the bad save", p, r.status)
			continue
		}
		text := html.UnescapeString(banner)
		for _, want := range []string{
			`role="alert"`,
			"<code>" + d.File + ":2:",
			d.Message,
			`datetime="` + rr.FailedAt + `"`,
			`<time class="last-good" datetime="` + good + `">` + lastGood.UTC().Format("2006-01-02 15:04:05 UTC") + "</time>",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the banner lacks %q:\n%s", p, want, text)
			}
		}
	}
	if got := get(t, ts.URL+"/metrics").body; !strings.Contains(got, "\nerrcat_reload_last_successful 0\n") {
		t.Errorf("metrics after the bad save:\n%s", grepLines(got, "errcat_reload"))
	}
	if got := get(t, ts.URL+"/v1/errors/7001?lang=sv").body; !strings.Contains(got, "Prylen är trasig") {
		t.Errorf("the API after the bad save: %s, want the last good text", got)
	}

	saveFile(t, sv, "[\"7001\"]\nother = \"Prylen är sönder\"\n")
	waitFor(t, "the fix to load", func() bool { return readyzReload(t, ts.URL).OK })
	for _, p := range pages {
		if b := bannerRE.FindString(get(t, ts.URL+p).body); b != "" {
			t.Errorf("%s after the fix still shows %s", p, b)
		}
	}
	if got := get(t, ts.URL+"/metrics").body; !strings.Contains(got, "\nerrcat_reload_last_successful 1\n") {
		t.Errorf("metrics after the fix:\n%s", grepLines(got, "errcat_reload"))
	}
	if got := get(t, ts.URL+"/v1/errors/7001?lang=sv").body; !strings.Contains(got, "Prylen är sönder") {
		t.Errorf("the API after the fix: %s", got)
	}
}

func grepLines(text, word string) string {
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// The banner's other cases, from a ReloadState as any server may give it:
// no good load yet, more problems than it lists, and a message that is
// text, not markup.
func TestFailedReloadBannerCases(t *testing.T) {
	c, err := catalog.LoadDir(fixture)
	if err != nil {
		t.Fatal(err)
	}
	st := status.New(func() *catalog.Catalog { return c })
	st.Reload = func() status.ReloadState {
		return status.ReloadState{FailedAt: time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), More: 3,
			Diagnostics: []diag.Diagnostic{{File: "loc/ja.toml", Line: 4, ID: "2004", Message: "<script>alert(1)</script>"}}}
	}
	ts := httptest.NewServer(st)
	defer ts.Close()
	page := get(t, ts.URL+"/").body
	banner := bannerRE.FindString(page)
	for _, want := range []string{
		`<time datetime="2026-12-02T08:00:00Z">2026-12-02 08:00:00 UTC</time>`,
		"no catalog is served yet",
		"<li><code>loc/ja.toml:4</code>: code 2004: &lt;script&gt;alert(1)&lt;/script&gt;</li>",
		"and 3 more",
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("the banner lacks %q:\n%s", want, banner)
		}
	}
	if strings.Contains(page, "<script>alert") {
		t.Error("the diagnostic's message is in the page as markup")
	}
}

// unreadRE finds the notice of files not read in a page.
var unreadRE = regexp.MustCompile(`(?s)<section class="unread".*?</section>`)

// A file a translator saved under a name the loader does not read (it.TOML)
// loads fine, without it: the page names it, with the name to give it, as
// lint and the log do, rather than show the catalog as if it were not
// there; renamed, it is served and the notice goes.
func TestUnreadFileNotice(t *testing.T) {
	dir := t.TempDir()
	saveFile(t, filepath.Join(dir, "en.toml"), "[\"7001\"]\nother = \"The widget is broken\"\n")
	saveFile(t, filepath.Join(dir, "sv-se.toml"), "[\"7001\"]\nother = \"Prylen är trasig\"\n")
	srv, ts := startServer(t, dir)
	w, err := srv.Watch(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n := unreadRE.FindString(get(t, ts.URL+"/").body); n != "" {
		t.Errorf("a file not in canonical form is read, and needs no notice: %s", n)
	}

	saveFile(t, filepath.Join(dir, "it.TOML"), "[\"7001\"]\nother = \"Il widget è rotto\"\n")
	waitFor(t, "the page to name it.TOML", func() bool {
		return strings.Contains(unreadRE.FindString(get(t, ts.URL+"/").body), "it.TOML")
	})
	for _, p := range []string{"/", "/codes/7001"} {
		text := html.UnescapeString(unreadRE.FindString(get(t, ts.URL+p).body))
		for _, want := range []string{"<code>" + filepath.Join(dir, "it.TOML") + "</code>", "name it it.toml"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the notice lacks %q:\n%s", p, want, text)
			}
		}
		if strings.Contains(text, "sv-se") {
			t.Errorf("%s: the notice names a file that is read:\n%s", p, text)
		}
	}

	if err := os.Rename(filepath.Join(dir, "it.TOML"), filepath.Join(dir, "it.toml")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "it.toml to be served", func() bool {
		return strings.Contains(get(t, ts.URL+"/v1/errors/7001?lang=it").body, "Il widget è rotto")
	})
	if n := unreadRE.FindString(get(t, ts.URL+"/").body); n != "" {
		t.Errorf("after the rename the page still shows %s", n)
	}
}
