package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
)

// eventually polls cond until it holds, failing the test after a deadline.
// The deadline is generous: it only bounds a test that has already failed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// versionOf loads the bundles a directory would have after an edit, in a
// directory of their own, and returns the catalog's version: the ETag a
// response from that catalog carries.
func versionOf(t *testing.T, ja string) string {
	t.Helper()
	dir := t.TempDir()
	copyLocales(t, dir)
	write(t, filepath.Join(dir, "ja.toml"), ja)
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c.Version()
}

// saveByRename saves a file as many editors do: write a temporary file
// beside it, then rename it over the original.
func saveByRename(t *testing.T, name, text string) {
	t.Helper()
	tmp := name + ".tmp~"
	write(t, tmp, text)
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// A reload under load: while clients request continuously, a good edit
// appears, a broken edit changes nothing clients see and counts a failed
// reload, and a fix loads. No request fails, and no response mixes two
// catalogs: the text of each response is the text of the catalog its ETag
// names.
func TestReloadUnderLoad(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	c0, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	srv, ts := start(t, Config{Catalog: c0, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	w, err := srv.Watch(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	ja := readBundle(t, "ja.toml")
	const text1, text2 = "ユーザーが見つかりません（編集1）", "ユーザーは存在しません（編集2）"
	ja1, ja2 := withText(t, ja, 2004, text1), withText(t, ja, 2004, text2)
	// Code 2004's Japanese text in each catalog the server may serve, by
	// version. The broken edit has none: it must never be served.
	texts := map[string]string{
		c0.Version():      c0.Message(c0.LocaleIndex("ja"), 2004).Other(),
		versionOf(t, ja1): text1,
		versionOf(t, ja2): text2,
	}
	if len(texts) != 3 {
		t.Fatal("the edits do not change the catalog's version")
	}

	// The clients: each requests the message and, now and then, the whole
	// list, checking every response against the catalog it claims.
	var (
		stop     = make(chan struct{})
		wg       sync.WaitGroup
		requests atomic.Int64
		failures atomic.Int64
	)
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}
	check := func(path string) {
		resp, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			fail("GET %s: %v", path, err)
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		requests.Add(1)
		if err != nil || resp.StatusCode != 200 {
			fail("GET %s: %d %s %v", path, resp.StatusCode, body, err)
			return
		}
		if cl := resp.Header.Get("Content-Language"); cl != "ja" {
			fail("GET %s: Content-Language %q", path, cl)
		}
		version, _, _ := strings.Cut(strings.Trim(resp.Header.Get("ETag"), `"`), "-")
		want, ok := texts[version]
		if !ok {
			fail("GET %s: ETag %s names no catalog the test wrote", path, resp.Header.Get("ETag"))
			return
		}
		var got string
		if strings.HasPrefix(path, "/v1/errors/") {
			got = messageOf(body)
		} else {
			var list listBody
			json.Unmarshal(body, &list)
			if list.Version != version {
				fail("GET %s: body of version %s under the ETag of %s", path, list.Version, version)
			}
			for _, m := range list.Messages {
				if m.Code == 2004 {
					got = m.Message
				}
			}
		}
		if got != want {
			fail("GET %s: text %q with the ETag of a catalog whose text is %q", path, got, want)
		}
	}
	for range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if i%10 == 9 {
					check("/v1/errors?lang=ja")
				} else {
					check("/v1/errors/2004?lang=ja")
				}
			}
		})
	}
	serving := func(want string) func() bool {
		return func() bool { return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == want }
	}
	reloads := func(result string) float64 {
		return metric(t, scrape(t, ts), `errcat_reloads_total{result="`+result+`"}`)
	}

	// A good edit, saved by rename.
	saveByRename(t, filepath.Join(dir, "ja.toml"), ja1)
	eventually(t, "the first edit to be served", serving(text1))
	if got := reloads("ok"); got != 1 {
		t.Errorf("one save gave %v reloads", got)
	}

	// A broken edit, written in place: junk after a table header.
	broken := strings.Replace(ja2, `["2004"]`, `["2004"] junk`, 1)
	write(t, filepath.Join(dir, "ja.toml"), broken)
	eventually(t, "the failed reload to be counted", func() bool { return reloads("failed") == 1 })
	if got := messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body); got != text1 {
		t.Errorf("after a broken edit the text is %q, want the last good %q", got, text1)
	}
	if r := do(t, ts, "GET", "/readyz"); r.status != 200 {
		t.Errorf("readyz after a failed reload: %d", r.status)
	}
	// The log names the file and line of the error.
	line := strings.Count(broken[:strings.Index(broken, `["2004"`)], "\n") + 1
	if want := fmt.Sprintf("%s:%d:", filepath.Join(dir, "ja.toml"), line); !strings.Contains(logs.String(), want) {
		t.Errorf("the log does not name %s:\n%s", want, logs.String())
	}

	// The fix loads.
	write(t, filepath.Join(dir, "ja.toml"), ja2)
	eventually(t, "the fixed edit to be served", serving(text2))
	if got := reloads("ok"); got != 2 {
		t.Errorf("%v good reloads after two good edits", got)
	}

	// Let the clients run a little on the last catalog, then stop them.
	n := requests.Load()
	eventually(t, "more requests", func() bool { return requests.Load() > n+20 })
	close(stop)
	wg.Wait()
	if failures.Load() > 0 {
		t.Errorf("%d of %d requests failed or mixed catalogs", failures.Load(), requests.Load())
	}
	t.Logf("%d requests during the reloads", requests.Load())
}

func messageOf(body []byte) string {
	var env struct{ Message string }
	json.Unmarshal(body, &env)
	return env.Message
}

// A burst of writes, such as an editor's save or `errcat merge` writing
// bundle after bundle, gives one reload. The test widens the quiet period
// so that a loaded machine cannot split the burst.
func TestReloadDebounces(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	var logs syncBuffer
	srv, ts := start(t, Config{Catalog: embedded(t), Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	w, err := srv.watch(dir, time.Second, backstopPoll, lostPoll)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ja := readBundle(t, "ja.toml")
	var edits []string
	for i := range 10 {
		edits = append(edits, withText(t, ja, 2004, fmt.Sprintf("編集 %d", i)))
	}
	began := time.Now()
	for _, e := range edits {
		write(t, filepath.Join(dir, "ja.toml"), e)
	}
	burst := time.Since(began)
	eventually(t, "the last write to be served", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "編集 9"
	})
	got := metric(t, scrape(t, ts), `errcat_reloads_total{result="ok"}`)
	if burst > time.Second/2 {
		// The writes themselves were so slow that they are no longer a
		// burst: the machine is too loaded to test debouncing.
		t.Skipf("10 writes took %v; %v reloads", burst, got)
	}
	if got != 1 {
		t.Errorf("10 writes in %v gave %v reloads, want 1; log:\n%s", burst, got, logs.String())
	}
}

// Files the loader does not read as bundles do not cause reloads: a
// translator's work file, an editor's swap and backup files, other files.
func TestReloadIgnoresOtherFiles(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	srv, ts := start(t, Config{Catalog: embedded(t)})
	w, err := srv.Watch(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, name := range []string{"translate.ja.toml", ".ja.toml.swp", "#ja.toml#", "ja.toml~", "notes.txt"} {
		write(t, filepath.Join(dir, name), "not = [valid")
	}
	// Absence cannot be awaited; give a reload ample time to happen, then
	// make a real edit and check that it was the only reload.
	time.Sleep(3 * settle)
	write(t, filepath.Join(dir, "ja.toml"), withText(t, readBundle(t, "ja.toml"), 2004, "本物の編集"))
	eventually(t, "the real edit to be served", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "本物の編集"
	})
	text := scrape(t, ts)
	if ok, failed := metric(t, text, `errcat_reloads_total{result="ok"}`), metric(t, text, `errcat_reloads_total{result="failed"}`); ok != 1 || failed != 0 {
		t.Errorf("reloads ok %v, failed %v; want 1, 0", ok, failed)
	}
}

// Reload itself: a broken catalog returns the *catalog.LoadError and keeps
// the old one; an unchanged one keeps the snapshot.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	c0 := embedded(t)
	srv := New(Config{Catalog: c0})
	if err := srv.Reload(dir); err != nil {
		t.Fatal(err)
	}
	if srv.Catalog() != c0 {
		t.Error("a reload of the same content replaced the catalog")
	}
	write(t, filepath.Join(dir, "fr.toml"), "[\"2004\"]\nother = \"x\"\nbogus = 1\n")
	write(t, filepath.Join(dir, "xx_YY.toml"), "")
	err := srv.Reload(dir)
	var le *catalog.LoadError
	if !errors.As(err, &le) || len(le.Diagnostics) != 2 {
		t.Fatalf("Reload of a broken catalog: %v", err)
	}
	if srv.Catalog() != c0 {
		t.Error("a failed reload replaced the catalog")
	}
	copyLocales(t, dir)
	os.Remove(filepath.Join(dir, "xx_YY.toml"))
	write(t, filepath.Join(dir, "fr.toml"), withText(t, readBundle(t, "fr.toml"), 2004, "Nouveau texte"))
	if err := srv.Reload(dir); err != nil {
		t.Fatal(err)
	}
	res, _ := srv.Catalog().Localizer("fr").Localize(2004, catalog.Params{})
	if res.Text != "Nouveau texte" {
		t.Errorf("after the reload: %q", res.Text)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for sample, want := range map[string]float64{`errcat_reloads_total{result="ok"}`: 2, `errcat_reloads_total{result="failed"}`: 1} {
		if got := metric(t, rec.Body.String(), sample); got != want {
			t.Errorf("%s = %v, want %v", sample, got, want)
		}
	}
}

// A missing directory cannot be watched.
func TestWatchMissingDir(t *testing.T) {
	srv := New(Config{Catalog: embedded(t)})
	if w, err := srv.Watch(filepath.Join(t.TempDir(), "nope")); err == nil {
		w.Close()
		t.Error("Watch of a missing directory succeeded")
	}
}
