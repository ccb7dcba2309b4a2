package status_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/lint"
	"github.com/errcat/errcat/locales"
)

// chromiumPath is Debian's chromium package, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// TestBrowser drives real headless Chromium against the real server: it
// loads /, checks the progress figures against errcat stats --format json,
// filters the grid to one locale with and without JavaScript, opens a code's
// page, looks at the page in a dark theme and on a phone's width, and sees a
// reload arrive. Screenshots go to a temporary folder (and, when
// ERRCAT_SCREENSHOTS names a folder, there too).
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("skipping the browser test: %s is not installed (apt-get install chromium)", chromiumPath)
	}
	dir := realisticCatalog(t)
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(c)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	base := "http://" + ln.Addr().String()

	shots := t.TempDir()
	save := func(name string, png []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if d := os.Getenv("ERRCAT_SCREENSHOTS"); d != "" {
			if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
				t.Error(err)
			}
		}
	}

	ctx := browser(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Each step gets its own deadline; the browser's context has none, as
	// chromedp asks.
	step := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		must(chromedp.Do(sctx, actions...))
	}

	// The overview: its figures are errcat stats'. The README's picture is
	// a tall window's worth: the locales and the grid's first rows.
	step(
		chromedp.EmulateViewport(1280, 1400),
		chromedp.Navigate(base+"/"),
		shown("#locales"),
	)
	figures := readFigures(t, ctx)
	want := stats(t, dir)
	compareFigures(t, figures, want)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(err)
	save("overview.png", png)
	// The README's docs/status.png is this overview.png, taken with
	// ERRCAT_SCREENSHOTS set: a fixed path in /tmp would be shared by every
	// run on the machine.
	step(chromedp.ResetViewport())

	// The first Tab reaches the skip link.
	step(chromedp.KeyEvent(kb.Tab))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`))
	must(err)
	if focused != "skip" {
		t.Errorf("the first Tab focuses %q, want the skip link", focused)
	}

	// Filter to ja's problems, with the form. The script applies it
	// without a reload; the grid then has only ja's column.
	wantCodes := problemCodes(t, dir, c, "ja")
	step(
		inPage(`document.getElementById("f-locale").value = "ja"`),
		inPage(`document.getElementById("f-state").value = "problems"`),
		inPage(`document.getElementById("f-apply").click()`),
	)
	// The script swaps the listing's nodes in; a node-based wait can hold a
	// node the swap then removes ("Could not find node with given id"), so
	// this waits in the page for the new grid and the end of the fetch.
	settle(t, ctx, `#grid[data-locale="ja"][data-state="problems"]`)
	codes := gridCodes(t, ctx)
	if !slices.Equal(codes, wantCodes) {
		t.Errorf("filtered to ja's problems, the grid shows %v, want %v", codes, wantCodes)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(err)
	if !strings.Contains(loc, "locale=ja") || !strings.Contains(loc, "state=problems") {
		t.Errorf("after filtering, the address is %s", loc)
	}
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#count")))
	must(err)
	if !strings.HasPrefix(count, "Showing "+strconv.Itoa(len(wantCodes))+" of "+strconv.Itoa(want.Total)+" codes in 日本語 (ja)") {
		t.Errorf("the count says %q", count)
	}
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("codes").scrollIntoView({behavior: "instant"}), true`))
	must(err)
	png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(err)
	save("filtered-ja.png", png)

	// The same without JavaScript, in a second tab: the form's GET does it.
	func() {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		tctx, cancelT := context.WithTimeout(tab, 15*time.Second)
		defer cancelT()
		_, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		must(err)
		must(chromedp.Do(tctx,
			chromedp.Navigate(base+"/"),
			chromedp.SetValue(chromedp.CSS("#f-locale"), "ja"),
			chromedp.SetValue(chromedp.CSS("#f-state"), "problems"),
			chromedp.Click(chromedp.CSS("#f-apply")),
			// The click navigates: a wait in the page would be cut off
			// by it, and the old document has no such grid.
			chromedp.WaitVisible(chromedp.CSS(`#grid[data-locale="ja"][data-state="problems"]`)),
		))
		if codes := gridCodes(t, tctx); !slices.Equal(codes, wantCodes) {
			t.Errorf("without JavaScript, filtered to ja's problems, the grid shows %v, want %v", codes, wantCodes)
		}
	}()

	// A code's page, opened from the grid: 2006's English changed, so ja's
	// translation is stale; its envelope is the API's.
	step(
		inPage(`document.querySelector('#grid a[href="codes/2006"]').click()`),
		chromedp.WaitVisible(chromedp.CSS("#translations")), // a new page: the listing has none
	)
	loc, err = chromedp.Run(ctx, chromedp.Location())
	must(err)
	if !strings.HasSuffix(loc, "/codes/2006") {
		t.Errorf("the grid's link led to %s", loc)
	}
	type card struct {
		State  string `json:"state"`
		Served string `json:"served"`
		JSON   string `json:"json"`
	}
	ja, err := chromedp.Run(ctx, chromedp.Evaluate[card](`(() => {
		const c = document.getElementById("l-ja");
		return {state: c.dataset.state, served: c.querySelector(".hdr").textContent, json: c.querySelector("pre.json").textContent};
	})()`))
	must(err)
	api := get(t, base+"/v1/errors/2006?lang=ja")
	if ja.State != "stale" || ja.JSON != api.body || ja.Served != "Content-Language: "+api.header.Get("Content-Language") {
		t.Errorf("ja's card on /codes/2006: %+v; the API answers %s with Content-Language %s", ja, api.body, api.header.Get("Content-Language"))
	}
	png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must(err)
	save("code-2006.png", png)

	// The dark theme, and a phone's width: nothing wider than the screen.
	_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	})
	must(err)
	step(chromedp.Navigate(base+"/"), shown("#locales"))
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	must(err)
	if bg != "rgb(13, 17, 23)" {
		t.Errorf("in the dark theme the page's background is %s", bg)
	}
	png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(err)
	save("overview-dark.png", png)
	for _, theme := range []string{"dark", "light"} {
		_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: theme}},
		})
		must(err)
		step(
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(base+"/?locale=ja"),
			shown("#locales"),
		)
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		must(err)
		if wide {
			t.Errorf("at 390 pixels (%s theme), the page is wider than the screen", theme)
		}
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		must(err)
		save("overview-narrow-"+theme+".png", png)
	}
	step(chromedp.Navigate(base+"/codes/2004"), shown("#translations"))
	png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(err)
	save("code-2004-narrow.png", png)
	step(chromedp.ResetViewport())

	// A reload: ja translates 2005, and the page says so.
	f, err := os.OpenFile(filepath.Join(dir, "ja.toml"), os.O_APPEND|os.O_WRONLY, 0)
	must(err)
	f.WriteString("\n[\"2005\"]\nother = \"ユーザーはロックされています。\"\n")
	f.Close()
	must(srv.Reload(dir))
	step(chromedp.Navigate(base+"/"), shown("#locales"))
	after := readFigures(t, ctx)
	compareFigures(t, after, stats(t, dir))
	if missing := func(rows []pageFigures) int {
		for _, r := range rows {
			if r.Locale == "ja" {
				return r.Missing
			}
		}
		return -1
	}; missing(after) != missing(figures)-1 {
		t.Errorf("after the reload ja misses %d codes, before %d", missing(after), missing(figures))
	}

	// A save that does not load: the banner is on screen, above the page,
	// until a save that loads.
	good, err := os.ReadFile(filepath.Join(dir, "ja.toml"))
	must(err)
	must(os.WriteFile(filepath.Join(dir, "ja.toml"), append(good, "\n[\"2006\"]\nother = \"unterminated\n"...), 0o644))
	if srv.Reload(dir) == nil {
		t.Fatal("a reload of a broken ja.toml succeeded")
	}
	step(chromedp.Navigate(base+"/"), shown(".reload-failed"))
	banner, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Text string
		Top  float64
	}](`(() => { const b = document.querySelector(".reload-failed"); return {text: b.innerText, top: b.getBoundingClientRect().top}; })()`))
	must(err)
	if want := filepath.Join(dir, "ja.toml") + ":"; !strings.Contains(banner.Text, want) || banner.Top < 0 || banner.Top > 400 {
		t.Errorf("the banner, %.0fpx from the top, says %q; want it in view, naming %s", banner.Top, banner.Text, want)
	}
	png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(err)
	save("reload-failed.png", png)
	must(os.WriteFile(filepath.Join(dir, "ja.toml"), good, 0o644))
	must(srv.Reload(dir))
	step(chromedp.Navigate(base+"/"), shown("#locales"))
	if gone, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".reload-failed") === null`)); err != nil || !gone {
		t.Errorf("the banner stays after a good save (%v)", err)
	}
	t.Logf("screenshots in %s", shots)
}

// browser starts headless Chromium as this machine needs it: no sandbox (we
// are root), no GPU, and nothing that reaches for the network.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Start the browser now, without a deadline, so that a slow start is
	// told apart from a slow page.
	start, cancelStart := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancelStart()
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("starting %s: %v", chromiumPath, err)
		}
	case <-start.Done():
		t.Fatalf("starting %s: no answer in 30s", chromiumPath)
	}
	return ctx
}

// pageFigures is one locale's row of the overview as the browser shows it.
type pageFigures struct {
	Locale     string  `json:"locale"`
	Translated int     `json:"translated"`
	Missing    int     `json:"missing"`
	Stale      int     `json:"stale"`
	Obsolete   int     `json:"obsolete"`
	Percent    float64 `json:"percent"`
	ValueNow   float64 `json:"valueNow"` // the progress bar's aria-valuenow
}

func readFigures(t *testing.T, ctx context.Context) []pageFigures {
	t.Helper()
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]pageFigures](`Array.from(document.querySelectorAll("#locales tbody tr"), (tr) => {
		const n = (name) => Number(tr.querySelector(".n-" + name).textContent);
		return {
			locale: tr.dataset.locale,
			translated: n("translated"), missing: n("missing"), stale: n("stale"), obsolete: n("obsolete"), percent: n("percent"),
			valueNow: Number(tr.querySelector("[role=progressbar]").getAttribute("aria-valuenow")),
		};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func compareFigures(t *testing.T, got []pageFigures, want statsOutput) {
	t.Helper()
	if len(got) != len(want.Locales) {
		t.Fatalf("%d locales on the page, %d in errcat stats", len(got), len(want.Locales))
	}
	for i, w := range want.Locales {
		g := got[i]
		if (statsRow{g.Locale, g.Translated, g.Missing, g.Stale, g.Obsolete, g.Percent}) != w {
			t.Errorf("the page shows %+v, errcat stats %+v", g, w)
		}
		if g.ValueNow != w.Percent {
			t.Errorf("%s: the progress bar's aria-valuenow is %v, want %v", w.Locale, g.ValueNow, w.Percent)
		}
	}
}

func gridCodes(t *testing.T, ctx context.Context) []string {
	t.Helper()
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#grid tbody th a"), (a) => a.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

// problemCodes lists the codes of locale id that are missing, stale or
// flagged by errcat lint, ascending, worked out apart from the page.
func problemCodes(t *testing.T, dir string, c *catalog.Catalog, id string) []string {
	t.Helper()
	l := c.LocaleIndex(id)
	cov := coverage.Of(c, l)
	set := map[int]bool{}
	for _, g := range append(cov.Missing, cov.Stale...) {
		set[g.Code] = true
	}
	fo, err := catalog.OpenFolder(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lint.Folder(fo) {
		if code, ok := catalog.ParseCode(d.ID); ok && d.File == c.Locales()[l].File && c.Has(code) {
			set[code] = true
		}
	}
	var codes []string
	for _, code := range c.Codes() {
		if set[code] {
			codes = append(codes, strconv.Itoa(code))
		}
	}
	return codes
}

// realisticCatalog is the shipped catalog in the middle of a release: an
// English text changed (so its translations are stale), a code was added
// and not yet translated, ja has yet to translate one code, de left one in
// English, fr's has a placeholder the English lacks, and ko keeps a message
// for a code the source dropped.
func realisticCatalog(t *testing.T) string {
	t.Helper()
	dir := copyDir(t, locales.FS)
	edit := func(locale string, f func(string) (string, error)) {
		t.Helper()
		p := filepath.Join(dir, locale+".toml")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f(string(b))
		if err != nil {
			t.Fatalf("%s.toml: %v", locale, err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setText := func(code, text string) func(string) (string, error) {
		return func(s string) (string, error) {
			start, end, err := block(s, code)
			if err != nil {
				return "", err
			}
			lines := strings.Split(s[start:end], "\n")
			for i, line := range lines {
				if strings.HasPrefix(line, "other = ") {
					lines[i] = "other = " + strconv.Quote(text)
					return s[:start] + strings.Join(lines, "\n") + s[end:], nil
				}
			}
			return "", errors.New("code " + code + " has no other")
		}
	}
	remove := func(code string) func(string) (string, error) {
		return func(s string) (string, error) {
			start, end, err := block(s, code)
			return s[:start] + s[end:], err
		}
	}
	add := func(text string) func(string) (string, error) {
		return func(s string) (string, error) { return s + "\n" + text, nil }
	}
	edit("en", setText("2006", "The password is incorrect"))
	edit("en", add("[\"2041\"]\ndescription = \"The password is older than the user pool's policy allows.\"\nother = \"The password has expired and must be changed\"\n"))
	edit("ja", remove("2005"))
	edit("de", setText("2004", "User does not exist"))
	edit("fr", setText("2004", "L'utilisateur {{.Name}} n'existe pas."))
	edit("ko", add("[\"9999\"]\nother = \"더 이상 사용되지 않는 메시지\"\n"))
	return dir
}

// block returns where code's table is in a bundle: from its header to the
// blank line after it.
func block(s, code string) (start, end int, err error) {
	start = strings.Index(s, "[\""+code+"\"]\n")
	if start < 0 {
		return 0, 0, errors.New("no code " + code)
	}
	end = strings.Index(s[start:], "\n\n")
	if end < 0 {
		return start, len(s), nil
	}
	return start, start + end + 2, nil
}

// settle waits, in the page, until an element matching sel is rendered and
// the status script has no fetch in flight (#listing's aria-busy is gone).
// shown waits, in the page, until an element matching sel is on screen,
// after a Navigate (which returns once the new document has loaded).
// chromedp's WaitVisible resolves a node first and then asks for its box;
// after a navigation to the same address the node it resolved can be the
// old document's, gone by the time it asks ("Could not find node with given
// id"). An expression evaluated in the page always sees the current
// document.
func shown(sel string) chromedp.Action[chromedp.Void] {
	poll := chromedp.Poll[bool](`(() => { const el = document.querySelector(`+strconv.Quote(sel)+`); `+
		`return !!el && el.getClientRects().length > 0; })()`, chromedp.WithPollingInterval(20*time.Millisecond))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := poll(ctx, t)
		return chromedp.Void{}, err
	}
}

// inPage runs a statement in the page. The steps on the page the script
// changes use it rather than chromedp's node actions (SetValue, Click),
// which resolve a node id first: the script's swap, or a document chromedp
// has not yet caught up with, can make that id stale ("Could not find node
// with given id"). The page's own DOM is always current.
func inPage(stmt string) chromedp.Action[chromedp.Void] {
	eval := chromedp.Evaluate[bool](`(() => { ` + stmt + `; return true; })()`)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := eval(ctx, t)
		return chromedp.Void{}, err
	}
}

func settle(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	expr := `(() => { const el = document.querySelector(` + strconv.Quote(sel) + `); ` +
		`const l = document.getElementById("listing"); ` +
		`return !!el && el.getClientRects().length > 0 && !!l && !l.hasAttribute("aria-busy"); })()`
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s: %v", sel, err)
	}
}
