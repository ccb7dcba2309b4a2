package server

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
)

type readyBody struct {
	Status string
	Codes  int
	Watch  string
}

func readyz(t *testing.T, r reply) readyBody {
	t.Helper()
	var b readyBody
	if err := json.Unmarshal(r.body, &b); err != nil || r.status != 200 {
		t.Fatalf("readyz: %d %s %v", r.status, r.body, err)
	}
	return b
}

// When the watched folder goes, the server says so on /readyz (still 200:
// the catalog it serves is good), polls, and watches the folder again when
// it is back, serving what it holds then.
func TestWatchLostAndRecovered(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "locales")
	mkdir(t, dir)
	copyLocales(t, dir)
	var logs syncBuffer
	srv, ts := start(t, Config{Catalog: embedded(t), Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if got := readyz(t, do(t, ts, "GET", "/readyz")).Watch; got != "" {
		t.Errorf("watch %q before watching, want none", got)
	}
	w, err := srv.watch(dir, 20*time.Millisecond, time.Hour, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got := readyz(t, do(t, ts, "GET", "/readyz")).Watch; got != "watching" {
		t.Errorf("watch %q, want watching", got)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	eventually(t, "/readyz to say the watch is lost", func() bool {
		return readyz(t, do(t, ts, "GET", "/readyz")).Watch == "lost: the folder is gone; looking every 100ms"
	})
	if ws := srv.WatchState(); ws.State != "lost" || ws.Dir != dir || ws.Since.IsZero() {
		t.Errorf("WatchState %+v", ws)
	}
	if r := do(t, ts, "GET", "/v1/errors/2004?lang=ja"); r.status != 200 {
		t.Errorf("serving without the folder: %d", r.status)
	}
	mkdir(t, dir)
	copyLocales(t, dir)
	write(t, filepath.Join(dir, "ja.toml"), withText(t, readBundle(t, "ja.toml"), 2004, "戻ってきた"))
	defer func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	}()
	eventually(t, "the new folder's text", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "戻ってきた"
	})
	eventually(t, "/readyz to say watching", func() bool { return readyz(t, do(t, ts, "GET", "/readyz")).Watch == "watching" })
	// Watching again means events, not the poll: with an hour's poll the
	// next edit is seen only through them.
	write(t, filepath.Join(dir, "ja.toml"), withText(t, readBundle(t, "ja.toml"), 2004, "もう一度"))
	eventually(t, "an edit in the new folder", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "もう一度"
	})
	for _, want := range []string{`msg="lost the watch on the catalog folder; looking at it every 100ms until it is back"`, `reason="the folder`, `msg="watching the catalog folder again"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	w.Close()
	if got := readyz(t, do(t, ts, "GET", "/readyz")).Watch; got != "" {
		t.Errorf("watch %q after Close, want none", got)
	}
}

// A chmod changes no content and no modification time, but it can make an
// unreadable bundle readable: the watcher reloads on it.
func TestWatchReloadsOnChmod(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	// The server serves the shipped text; the file behind it has an edit
	// it cannot read. Only the mode changes then: a watcher that ignores
	// chmod keeps the old text.
	ja := filepath.Join(dir, "ja.toml")
	write(t, ja, withText(t, readBundle(t, "ja.toml"), 2004, "権限を直した"))
	if err := os.Chmod(ja, 0); err != nil {
		t.Fatal(err)
	}
	srv, ts := start(t, Config{Catalog: embedded(t)})
	w, err := srv.watch(dir, 20*time.Millisecond, time.Hour, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := os.Chmod(ja, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the text behind the chmod", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "権限を直した"
	})
}

// A bundle linked from another folder (a shared checkout) is watched
// there: a write to the target, in place, reloads.
func TestWatchFollowsLinks(t *testing.T) {
	dir, shared := t.TempDir(), t.TempDir()
	copyLocales(t, dir)
	target := filepath.Join(shared, "ja.toml")
	write(t, target, readBundle(t, "ja.toml"))
	os.Remove(filepath.Join(dir, "ja.toml"))
	if err := os.Symlink(target, filepath.Join(dir, "ja.toml")); err != nil {
		t.Fatal(err)
	}
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, ts := start(t, Config{Catalog: c})
	w, err := srv.watch(dir, 20*time.Millisecond, time.Hour, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	write(t, target, withText(t, readBundle(t, "ja.toml"), 2004, "共有の編集"))
	eventually(t, "the edit through the link", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "共有の編集"
	})
}

// A panic anywhere in a reload is a failed reload, logged and counted; the
// server keeps its catalog, and the watcher keeps watching. No file can
// make the loader panic now, so the test makes the load itself panic.
func TestReloadRecoversAPanic(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	c0 := embedded(t)
	var logs syncBuffer
	srv, ts := start(t, Config{Catalog: c0, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	srv.load = func(string) (*catalog.Catalog, error) { panic("a bug") }
	if err := srv.Reload(dir); err == nil || !strings.Contains(err.Error(), "panic: a bug") {
		t.Fatalf("Reload: %v", err)
	}
	if rs := srv.ReloadState(); !rs.Failed() || len(rs.Diagnostics) != 1 || rs.Diagnostics[0].Rule != "internal" {
		t.Errorf("ReloadState after a panic: %+v", rs)
	}
	w, err := srv.watch(dir, 20*time.Millisecond, time.Hour, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	write(t, filepath.Join(dir, "ja.toml"), withText(t, readBundle(t, "ja.toml"), 2004, "x"))
	eventually(t, "a second failed reload", func() bool {
		return metric(t, scrape(t, ts), `errcat_reloads_total{result="failed"}`) == 2
	})
	if srv.Catalog() != c0 {
		t.Error("a panicking reload replaced the catalog")
	}
	if !strings.Contains(logs.String(), `msg="catalog reload failed unexpectedly, a bug in errcat; still serving the last good catalog"`) ||
		!strings.Contains(logs.String(), `panic="a bug"`) {
		t.Errorf("log:\n%s", logs.String())
	}
	srv.load = catalog.LoadDir
	write(t, filepath.Join(dir, "ja.toml"), withText(t, readBundle(t, "ja.toml"), 2004, "直った"))
	eventually(t, "the watcher to go on after the panics", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "直った"
	})
	if rs := srv.ReloadState(); rs.Failed() {
		t.Errorf("ReloadState after a good reload: %+v", rs)
	}
}

// A catalog read while the folder changed under it is not served: it may
// hold half a write. The test changes the folder during the load itself.
func TestWatchDiscardsAReadDuringAWrite(t *testing.T) {
	dir := t.TempDir()
	copyLocales(t, dir)
	srv, ts := start(t, Config{Catalog: embedded(t)})
	ja := filepath.Join(dir, "ja.toml")
	half := withText(t, readBundle(t, "ja.toml"), 2004, "半分")
	whole := withText(t, readBundle(t, "ja.toml"), 2004, "全部")
	first := true
	srv.load = func(dir string) (*catalog.Catalog, error) {
		c, err := catalog.LoadDir(dir)
		if first {
			// The writer goes on while the load runs.
			first = false
			write(t, ja, whole)
		}
		return c, err
	}
	w, err := srv.watch(dir, 20*time.Millisecond, time.Hour, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	write(t, ja, half)
	eventually(t, "the whole write", func() bool {
		return messageOf(do(t, ts, "GET", "/v1/errors/2004?lang=ja").body) == "全部"
	})
	if got := metric(t, scrape(t, ts), `errcat_reloads_total{result="ok"}`); got != 1 {
		t.Errorf("%v reloads served, want 1: the read during the write was served", got)
	}
}

func TestWatchStateString(t *testing.T) {
	for _, tc := range []struct {
		ws   WatchState
		want string
	}{
		{WatchState{}, ""},
		{WatchState{State: "watching", Poll: 10 * time.Second}, "watching"},
		{WatchState{State: "lost", Detail: "the folder is gone", Poll: time.Second}, "lost: the folder is gone; looking every 1s"},
	} {
		if got := tc.ws.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.ws, got, tc.want)
		}
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}
