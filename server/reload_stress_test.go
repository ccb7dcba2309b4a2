package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
)

// TestReloadStress rewrites a watched locale directory 1,000 times while
// clients request over HTTP without pause: good edits, broken TOML, a bundle
// with an unknown key, partial writes (a file cut off mid-string, written
// in place, then completed), deletion and restoration of ja.toml, renames
// away and back, and an emptied file. Every request must succeed, and every
// response must come whole from one catalog: its text, Content-Language and
// ETag are those of the catalog the ETag's version names.
//
// The directory holds en.toml and ja.toml only, so that a reload is cheap
// enough for 1,000 of them. Nine cycles in ten call Reload after each
// change, as the watcher would, and check its result; the tenth leaves it
// to the watcher (with 5 ms to settle rather than 250 ms) and waits until
// the change is served. The watcher runs throughout, so it also reloads in
// the middle of changes, and may see a file half written.
//
// What clients may be served is therefore any state the directory passes
// through: before each change, the test registers the catalog of every
// state a reader could see during it (for a file written in place, its
// contents cut at each page boundary, as the kernel publishes a write a page
// at a time). A response naming a catalog not registered fails the test.
func TestReloadStress(t *testing.T) {
	const changes = 1000
	dir := t.TempDir()
	jaPath := filepath.Join(dir, "ja.toml")
	en, ja := readBundle(t, "en.toml"), readBundle(t, "ja.toml")
	write(t, filepath.Join(dir, "en.toml"), en)
	write(t, jaPath, ja)

	reg := newCatalogRegistry(t, en)
	c0, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	reg.add(ja)
	reg.addAbsent()
	reg.add("")
	if reg.get(c0.Version()) == nil {
		t.Fatal("bad test: the registry does not compute catalog versions as LoadDir does")
	}

	srv, ts := start(t, Config{Catalog: c0})
	w, err := srv.watch(dir, 5*time.Millisecond, backstopPoll, lostPoll)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	// The clients.
	var (
		stop     = make(chan struct{})
		wg       sync.WaitGroup
		requests atomic.Int64
		failures atomic.Int64
		seenMu   sync.Mutex
		seen     = map[string]bool{}
	)
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 10 {
			t.Errorf(format, args...)
		}
	}
	check := func(client *http.Client, kind int) {
		var req *http.Request
		switch kind {
		case 0:
			req, _ = http.NewRequest("GET", ts.URL+"/v1/errors/2004?lang=ja", nil)
		case 1:
			req, _ = http.NewRequest("GET", ts.URL+"/v1/errors/2004", nil)
			req.Header.Set("Accept-Language", "ja-JP,ja;q=0.9,en;q=0.8")
		default:
			req, _ = http.NewRequest("GET", ts.URL+"/v1/errors?lang=ja", nil)
		}
		resp, err := client.Do(req)
		if err != nil {
			fail("GET %s: %v", req.URL, err)
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		requests.Add(1)
		if err != nil || resp.StatusCode != http.StatusOK {
			fail("GET %s: %d %s %v", req.URL, resp.StatusCode, body, err)
			return
		}
		etag, cl := resp.Header.Get("Etag"), resp.Header.Get("Content-Language")
		version, _, _ := strings.Cut(strings.Trim(etag, `"`), "-")
		c := reg.get(version)
		if c == nil {
			fail("GET %s: ETag %s names a catalog the directory never held", req.URL, etag)
			return
		}
		seenMu.Lock()
		seen[version] = true
		seenMu.Unlock()
		res, _ := c.Localizer(req.URL.Query().Get("lang"), req.Header.Get("Accept-Language")).Localize(2004, catalog.Params{})
		if kind < 2 {
			msg, code, err := parseEnvelope(body)
			want := `"` + version + "-" + res.Locale + `-2004"`
			if err != nil || msg != res.Text || code != 2004 || cl != res.Locale || etag != want {
				fail("GET %s: %s (Content-Language %q, ETag %s); catalog %s has %q in %s (ETag %s) [%v]",
					req.URL, body, cl, etag, version, res.Text, res.Locale, want, err)
			}
			return
		}
		var list listBody
		if err := json.Unmarshal(body, &list); err != nil {
			fail("GET %s: %v", req.URL, err)
			return
		}
		var text string
		for _, m := range list.Messages {
			if m.Code == 2004 {
				text = m.Message
			}
		}
		primary := c.Locales()[c.Localizer("ja").First()].ID
		if list.Version != version || text != res.Text || cl != primary || list.Locale != primary {
			fail("GET %s: version %s, 2004 %q, Content-Language %q, locale %q under ETag %s; catalog %s has %q, primary %s",
				req.URL, list.Version, text, cl, list.Locale, etag, version, res.Text, primary)
		}
	}
	for range 4 {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		wg.Go(func() {
			defer client.CloseIdleConnections()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				check(client, min(i%10, 2))
			}
		})
	}
	// Stop the clients before any t.Fatal returns, so that they do not
	// outlive the test.
	stopped := false
	stopClients := func() {
		if !stopped {
			stopped = true
			close(stop)
			wg.Wait()
		}
	}
	defer stopClients()

	// The changes.
	served := func() string { return srv.Catalog().Version() }
	reloads := func(result string) float64 {
		return metric(t, scrape(t, ts), `errcat_reloads_total{result="`+result+`"}`)
	}
	var direct, byWatcher int
	apply := func(i int, what string, change func(), valid bool, jaText string, present bool) {
		t.Helper()
		want := reg.absent
		if present && valid {
			want = reg.versionOf(jaText)
		}
		viaWatcher := i/10%10 == 9
		var failedBefore float64
		if viaWatcher && !valid {
			failedBefore = reloads("failed")
		}
		change()
		if viaWatcher {
			byWatcher++
			if valid {
				eventually(t, fmt.Sprintf("change %d (%s) to be served", i, what), func() bool { return served() == want })
			} else {
				eventually(t, fmt.Sprintf("change %d (%s) to fail to load", i, what), func() bool { return reloads("failed") > failedBefore })
			}
			return
		}
		direct++
		err := srv.Reload(dir)
		var le *catalog.LoadError
		switch {
		case valid && err != nil:
			t.Fatalf("change %d (%s): %v", i, what, err)
		case !valid && !errors.As(err, &le):
			t.Fatalf("change %d (%s): Reload returned %v, want a *catalog.LoadError", i, what, err)
		case valid && served() != want:
			t.Fatalf("change %d (%s): serving %s, want %s", i, what, served(), want)
		}
	}
	bak, tmp := filepath.Join(dir, "ja.toml.bak"), filepath.Join(dir, ".ja.toml.tmp")
	k := 0
	for i := 0; i < changes; {
		jaK := withText(t, ja, 2004, fmt.Sprintf("ユーザーが存在しません（版 %d）", k))
		jaNext := withText(t, ja, 2004, fmt.Sprintf("ユーザーが存在しません（版 %d）", k+1))
		jaRenamed := withText(t, ja, 2004, fmt.Sprintf("ユーザーが存在しません（版 %d）", k+2))
		k += 3
		cut := cutInString(jaNext, i/10)
		steps := []struct {
			what    string
			valid   bool
			ja      string // what ja.toml holds after the step
			present bool
			states  []string // what a reader may see during the step
			change  func()
		}{
			{"a good edit, in place", true, jaK, true, pageCuts(jaK, 0),
				func() { write(t, jaPath, jaK) }},
			{"broken TOML, in place", false, "", true, pageCuts(brokenTOML(jaK), 0),
				func() { write(t, jaPath, brokenTOML(jaK)) }},
			{"a partial write, in place", false, "", true, pageCuts(jaNext[:cut], 0),
				func() { write(t, jaPath, jaNext[:cut]) }},
			{"the partial write completed", true, jaNext, true, pageCuts(jaNext, cut),
				func() { appendFile(t, jaPath, jaNext[cut:]) }},
			{"an unknown key, by rename", false, "", true, nil,
				func() { saveByRename(t, jaPath, strings.Replace(jaNext, "\nother = ", "\nothr = ", 1)) }},
			{"ja.toml deleted", true, "", false, nil,
				func() { remove(t, jaPath) }},
			{"ja.toml restored, by rename", true, jaRenamed, true, nil,
				func() { write(t, tmp, jaRenamed); rename(t, tmp, jaPath) }},
			{"ja.toml renamed away", true, "", false, nil,
				func() { rename(t, jaPath, bak) }},
			{"ja.toml renamed back", true, jaRenamed, true, nil,
				func() { rename(t, bak, jaPath) }},
			{"ja.toml emptied", true, "", true, nil,
				func() { write(t, jaPath, "") }},
		}
		for _, s := range steps {
			if i == changes {
				break
			}
			for _, st := range s.states {
				reg.add(st)
			}
			if s.valid && s.present {
				reg.add(s.ja)
			}
			apply(i, s.what, s.change, s.valid, s.ja, s.present)
			i++
		}
	}

	// Let the clients see the last catalog, then stop them.
	n := requests.Load()
	eventually(t, "more requests", func() bool { return requests.Load() > n+20 })
	stopClients()
	ok, failed := reloads("ok"), reloads("failed")
	t.Logf("%d changes (%d reloaded directly, %d by the watcher alone); reloads: %v ok, %v failed; %d requests saw %d catalogs",
		changes, direct, byWatcher, ok, failed, requests.Load(), len(seen))
	if failures.Load() > 0 {
		t.Errorf("%d of %d requests failed or mixed catalogs", failures.Load(), requests.Load())
	}
	if len(seen) < 2 {
		t.Errorf("the clients saw %d catalogs: the test did not reload under load", len(seen))
	}
}

// catalogRegistry holds every catalog the test's directory may be seen to
// hold, by version, built in memory from en.toml and a ja.toml text.
type catalogRegistry struct {
	t      *testing.T
	en     string
	absent string // the version of the catalog without ja.toml
	mu     sync.RWMutex
	byText map[string]string // ja.toml text to version, "" for invalid
	byVer  map[string]*catalog.Catalog
}

func newCatalogRegistry(t *testing.T, en string) *catalogRegistry {
	return &catalogRegistry{t: t, en: en, byText: map[string]string{}, byVer: map[string]*catalog.Catalog{}}
}

// put registers the catalog of en.toml and, unless absent, a ja.toml of
// text.
func (r *catalogRegistry) put(text string, absent bool) string {
	fsys := fstest.MapFS{"en.toml": {Data: []byte(r.en)}}
	if !absent {
		fsys["ja.toml"] = &fstest.MapFile{Data: []byte(text)}
	}
	c, err := catalog.Load(fsys, "mem")
	if err != nil {
		r.t.Fatalf("bad test: %v", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byText[text] = c.Version()
	r.byVer[c.Version()] = c
	return c.Version()
}

// add registers the catalog with ja.toml holding text, if that loads.
func (r *catalogRegistry) add(text string) {
	r.mu.RLock()
	_, done := r.byText[text]
	r.mu.RUnlock()
	if done {
		return
	}
	b, diags := catalog.ParseBundle("ja.toml", language.Japanese, []byte(text))
	if b == nil || len(diag.Errors(diags)) > 0 {
		r.mu.Lock()
		r.byText[text] = ""
		r.mu.Unlock()
		return
	}
	r.put(text, false)
}

func (r *catalogRegistry) addAbsent() { r.absent = r.put("\x00absent", true) }

func (r *catalogRegistry) versionOf(text string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.byText[text]
	if !ok || v == "" {
		r.t.Fatalf("bad test: no catalog registered for a ja.toml of %d bytes", len(text))
	}
	return v
}

func (r *catalogRegistry) get(version string) *catalog.Catalog {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.byVer[version]
}

// pageCuts returns what a reader may find in a file while content is
// written into it from offset from on (0: the file is truncated first):
// the content cut at each page boundary past from, and whole.
func pageCuts(content string, from int) []string {
	cuts := []string{content[:from]}
	page := os.Getpagesize()
	for n := (from/page + 1) * page; n < len(content); n += page {
		cuts = append(cuts, content[:n])
	}
	return append(cuts, content)
}

// cutInString returns an offset inside the nth (modulo their number)
// quoted "other" text of a bundle, two bytes after its opening quote: a
// file cut there is always invalid, an unterminated string, often with a
// character cut in two.
func cutInString(bundle string, n int) int {
	const key = "\nother = \""
	count := strings.Count(bundle, key)
	at := 0
	for range n%count + 1 {
		at += strings.Index(bundle[at:], key) + len(key)
	}
	return at + 2
}

// brokenTOML returns a bundle with junk after its first table header.
func brokenTOML(bundle string) string {
	return strings.Replace(bundle, "\"]\n", "\"] junk\n", 1)
}

func appendFile(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, name string) {
	t.Helper()
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

// parseEnvelope is checkEnvelope for goroutines other than the test's: it
// returns an error rather than failing.
func parseEnvelope(body []byte) (string, int, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var toks []any
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", 0, err
		}
		toks = append(toks, tok)
	}
	if len(toks) != 8 || toks[0] != json.Delim('{') || toks[1] != "message" || toks[3] != "code" ||
		toks[5] != "data" || toks[6] != nil || toks[7] != json.Delim('}') {
		return "", 0, fmt.Errorf("not an envelope {\"message\",\"code\",\"data\":null}")
	}
	msg, ok := toks[2].(string)
	num, _ := toks[4].(json.Number)
	code, err := strconv.Atoi(string(num))
	if !ok || err != nil {
		return "", 0, fmt.Errorf("message or code of the wrong type")
	}
	return msg, code, nil
}
