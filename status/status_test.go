package status_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
)

// The overview's figures are errcat stats', for the small fixture and for
// the catalog errcat ships.
func TestOverviewMatchesStats(t *testing.T) {
	for _, tt := range []struct{ name, dir string }{
		{"fixture", fixture},
		{"shipped catalog", copyDir(t, locales.FS)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, ts := startServer(t, tt.dir)
			r := get(t, ts.URL+"/")
			if r.status != http.StatusOK {
				t.Fatalf("GET /: %d\n%s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			compareStats(t, r.body, stats(t, tt.dir))
		})
	}
}

// The lint findings counted for each locale are errcat lint's.
func TestOverviewMatchesLint(t *testing.T) {
	dir := copyDir(t, os.DirFS(fixture))
	_, ts := startServer(t, dir)
	page := get(t, ts.URL+"/").body
	_, rows := figures(t, page)
	byFile := lintFindings(t, dir)
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, loc := range c.Locales() {
		got, want := rows[loc.ID]["findings"], float64(byFile[loc.File])
		if got != want {
			t.Errorf("locale %s: %v lint findings on the page, errcat lint has %v in %s", loc.ID, got, want, loc.File)
		}
		total += byFile[loc.File]
	}
	if total != 4 {
		t.Errorf("errcat lint found %d problems in the fixture, want 4: has the fixture changed?", total)
	}
}

func TestFilters(t *testing.T) {
	_, ts := startServer(t, fixture)
	all := []string{"1000", "2004", "2005", "3001", "4000", "5000"}
	locs := []string{"en", "de", "ja", "zh-Hant"}
	tests := []struct {
		name    string
		query   string
		codes   []string
		columns []string
		note    string // a text the page must show
	}{
		{"no filter", "", all, locs, "Showing <strong>6</strong> of 6 codes."},
		{"missing anywhere", "state=missing", []string{"2005", "3001", "4000", "5000"}, locs, ""},
		{"any problem anywhere", "state=problems", []string{"2004", "2005", "3001", "4000", "5000"}, locs, ""},
		{"ja's problems", "locale=ja&state=problems", []string{"2004", "2005", "4000"}, []string{"ja"}, "Showing <strong>3</strong> of 6 codes in"},
		{"ja's stale", "locale=ja&state=stale", []string{"2004"}, []string{"ja"}, ""},
		{"de's lint findings", "locale=de&state=flagged", []string{"2004", "5000"}, []string{"de"}, ""},
		{"zh-Hant all", "locale=zh-Hant", all, []string{"zh-Hant"}, ""},
		{"nothing stale in zh-Hant", "locale=zh-Hant&state=stale", nil, nil, "Nothing to do: no code is stale in 繁體中文 (zh-Hant)."},
		{"an unknown locale is ignored", "locale=xx&state=bogus", all, locs, ""},
		{"a locale's tag is matched exactly", "locale=JA", all, locs, ""},
		{"search and state", "q=user&state=missing", []string{"2005"}, locs, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, ts.URL+"/?"+tt.query)
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			codes, columns := grid(r.body)
			if !slices.Equal(codes, tt.codes) {
				t.Errorf("rows %v, want %v", codes, tt.codes)
			}
			if !slices.Equal(columns, tt.columns) {
				t.Errorf("columns %v, want %v", columns, tt.columns)
			}
			if !strings.Contains(r.body, tt.note) {
				t.Errorf("the page does not say %q", tt.note)
			}
			// The locales' progress is always there in full.
			if order, _ := figures(t, r.body); !slices.Equal(order, locs) {
				t.Errorf("locale rows %v", order)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	_, ts := startServer(t, fixture)
	tests := []struct {
		name  string
		q     string
		codes []string
		mark  string // a marked match the results must show
	}{
		{"a code", "2004", []string{"2004"}, "<mark>2004</mark>"},
		{"part of a code", "00", []string{"1000", "2004", "2005", "3001", "4000", "5000"}, "3<mark>00</mark>1"},
		{"English, any case", "USER", []string{"2004", "2005"}, "<mark>User</mark>"},
		{"Japanese", "存在", []string{"2004"}, "<mark>存在</mark>"},
		{"German without its accent", "GROSSER", []string{"3001"}, "<mark>größer</mark>"},
		{"German, any case", "GRÖßER", []string{"3001"}, "<mark>größer</mark>"},
		{"a plural form", "megabyte", []string{"3001"}, "<mark>megabyte</mark>"},
		{"a description", "size limit", []string{"3001"}, "<mark>size limit</mark>"},
		{"Traditional Chinese", "使用者", []string{"2004"}, "<mark>使用者</mark>"},
		{"nothing", "no such text", nil, "No code matches."},
		{"only spaces is no search", "   ", []string{"1000", "2004", "2005", "3001", "4000", "5000"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, ts.URL+"/?q="+url.QueryEscape(tt.q))
			codes, _ := grid(r.body)
			if !slices.Equal(codes, tt.codes) {
				t.Errorf("q=%q: rows %v, want %v", tt.q, codes, tt.codes)
			}
			if !strings.Contains(r.body, tt.mark) {
				t.Errorf("q=%q: the page does not show %q", tt.q, tt.mark)
			}
		})
	}
}

// A code's page shows the source, every translation with its state, and
// the envelope the API answers in each locale, byte for byte.
func TestCodePage(t *testing.T) {
	_, ts := startServer(t, fixture)
	for _, tt := range []struct {
		code   string
		states map[string]string
		texts  []string
	}{
		{"2004", map[string]string{"en": "ok", "de": "flagged", "ja": "stale", "zh-Hant": "ok"},
			[]string{"User does not exist", "ユーザーが存在しません。", "使用者不存在", "Translated from an older English text", "the text ends with"}},
		{"2005", map[string]string{"en": "ok", "de": "ok", "ja": "missing", "zh-Hant": "missing"},
			[]string{"User has been locked", "UserLocked", "403 Forbidden", "No translation: clients that ask for <code>ja</code> get the <code>en</code> text."}},
		{"3001", map[string]string{"en": "ok", "de": "ok", "ja": "ok", "zh-Hant": "missing"},
			[]string{"An upload is over the size limit; Max is in megabytes.", "<dt>one</dt>", "<dt>other</dt>", "FileTooLarge", "413 Request Entity Too Large"}},
		// A translation that would render wrong is not served: missing,
		// with the reason.
		{"4000", map[string]string{"en": "ok", "de": "ok", "ja": "missing", "zh-Hant": "missing"},
			[]string{"placeholder {{.Field}} of the source is missing from the translation", "testdata/locales/ja.toml:15:9",
				"Not served: the translation has the problems below, so clients that ask for <code>ja</code> get the <code>en</code> text.",
				"InvalidRequest", "derived from the text", "400 Bad Request"}},
	} {
		t.Run(tt.code, func(t *testing.T) {
			r := get(t, ts.URL+"/codes/"+tt.code)
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			for _, text := range tt.texts {
				if !strings.Contains(html.UnescapeString(r.body), html.UnescapeString(text)) {
					t.Errorf("the page does not show %q", text)
				}
			}
			cards := envelopeRE.FindAllStringSubmatch(r.body, -1)
			if len(cards) != len(tt.states) {
				t.Fatalf("%d translation cards, want %d", len(cards), len(tt.states))
			}
			for _, m := range cards {
				loc, state, served, body := m[1], m[2], m[3], html.UnescapeString(m[4])
				if state != tt.states[loc] {
					t.Errorf("%s: state %s, want %s", loc, state, tt.states[loc])
				}
				api := get(t, ts.URL+"/v1/errors/"+tt.code+"?lang="+loc)
				if body != api.body {
					t.Errorf("%s: the page shows the envelope\n%s\nthe API answers\n%s", loc, body, api.body)
				}
				if got := api.header.Get("Content-Language"); served != got {
					t.Errorf("%s: the page says Content-Language %s, the API %s", loc, served, got)
				}
			}
		})
	}
}

func TestCodePageNotFound(t *testing.T) {
	_, ts := startServer(t, fixture)
	for _, tt := range []struct{ path, says string }{
		{"/codes/9999", "There is no code 9999 in this catalog."},
		{"/codes/abc", "is not an error code"},
		{"/codes/02004", "is not an error code"},
	} {
		r := get(t, ts.URL+tt.path)
		if r.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", tt.path, r.status)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q, want an HTML page", tt.path, ct)
		}
		if !strings.Contains(html.UnescapeString(r.body), tt.says) {
			t.Errorf("GET %s: the page does not say %q:\n%s", tt.path, tt.says, r.body)
		}
	}
}

// After a reload the pages show the new catalog: the server's snapshot is
// the page's.
func TestReloadShowsNewCatalog(t *testing.T) {
	dir := copyDir(t, os.DirFS(fixture))
	srv, ts := startServer(t, dir)
	before := get(t, ts.URL+"/").body
	compareStats(t, before, stats(t, dir))

	// ja gets its missing 2005; the obsolete 9999 stays.
	f, err := os.OpenFile(filepath.Join(dir, "ja.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n[\"2005\"]\nother = \"ユーザーはロックされています。\"\n")
	f.Close()
	if err := srv.Reload(dir); err != nil {
		t.Fatal(err)
	}

	after := get(t, ts.URL+"/").body
	compareStats(t, after, stats(t, dir))
	_, was := figures(t, before)
	_, is := figures(t, after)
	// 4000 stays missing: it lacks its placeholder, so it is not served.
	if was["ja"]["missing"] != 2 || is["ja"]["missing"] != 1 {
		t.Errorf("ja missing: %v before the reload, %v after; want 2 and 1", was["ja"]["missing"], is["ja"]["missing"])
	}
	if code := get(t, ts.URL+"/codes/2005").body; !strings.Contains(code, "ユーザーはロックされています。") {
		t.Error("the code page does not show the reloaded translation")
	}
}

// Every text of the catalog is escaped: a translator's (or an attacker's)
// markup is shown as text, in the overview, the grid, the search results
// and the code page.
func TestHostileTranslationIsEscaped(t *testing.T) {
	dir := copyDir(t, os.DirFS(fixture))
	const (
		script = `<script>alert("pwned")</script>`
		img    = `<img src=x onerror=alert(1)>`
		attr   = `" onmouseover="alert(2)`
	)
	edit := func(file, old, new string) {
		p := filepath.Join(dir, file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q", file, old)
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	}
	edit("ja.toml", `other = "ユーザーが存在しません。"`, `other = "ユーザー`+strings.ReplaceAll(script, `"`, `\"`)+`"`)
	edit("de.toml", `other = "Benutzer wurde gesperrt"`, `other = "`+strings.ReplaceAll(attr, `"`, `\"`)+`"`)
	edit("en.toml", `description = "Generic retryable server error."`, `description = "`+img+`"`)
	edit("en.toml", `other = "Service unavailable"`, `other = "Service <b onclick=x>unavailable</b>"`)
	_, ts := startServer(t, dir)

	for _, path := range []string{
		"/", "/?locale=ja", "/?locale=de", "/codes/2004", "/codes/2005", "/codes/1000",
		"/?q=" + url.QueryEscape("<script>"), "/?q=" + url.QueryEscape(`"`), "/?q=" + url.QueryEscape("<img"),
		"/codes/" + url.PathEscape(script),
	} {
		r := get(t, ts.URL+path)
		for _, raw := range []string{"<script>alert", "<img src=x", `" onmouseover="`, `<script>`, "<b onclick"} {
			if strings.Contains(r.body, raw) {
				t.Errorf("GET %s: the page has %q unescaped", path, raw)
			}
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
	}
	// The texts are there, as text.
	for path, want := range map[string]string{
		"/codes/2004":                        `ユーザー&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;`,
		"/codes/2005":                        `&#34; onmouseover=&#34;alert(2)`,
		"/codes/1000":                        `&lt;img src=x onerror=alert(1)&gt;`,
		"/":                                  `Service &lt;b onclick=x&gt;unavailable&lt;/b&gt;`,
		"/?q=" + url.QueryEscape("<script>"): `<mark>&lt;script&gt;</mark>alert`,
	} {
		if body := get(t, ts.URL+path).body; !strings.Contains(body, want) {
			t.Errorf("GET %s: no %s in the page", path, want)
		}
	}
}

func TestNotReady(t *testing.T) {
	ts := httptest.NewServer(newServer(nil))
	defer ts.Close()
	for _, path := range []string{"/", "/codes/2004"} {
		r := get(t, ts.URL+path)
		if r.status != http.StatusServiceUnavailable || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s before a catalog: %d %s, want a 503 page", path, r.status, r.header.Get("Content-Type"))
		}
		if r.header.Get("Retry-After") == "" {
			t.Errorf("GET %s: no Retry-After", path)
		}
	}
}

func TestStatic(t *testing.T) {
	_, ts := startServer(t, fixture)
	page := get(t, ts.URL+"/").body
	for _, tt := range []struct{ name, contentType string }{
		{"status.css", "text/css; charset=utf-8"},
		{"status.js", "text/javascript; charset=utf-8"},
		{"favicon.svg", "image/svg+xml"},
	} {
		i := strings.Index(page, "./static/"+tt.name+"?v=")
		if i < 0 {
			t.Errorf("the page does not link %s", tt.name)
			continue
		}
		link := page[i+1 : i+strings.IndexByte(page[i:], '"')]
		r := get(t, ts.URL+link)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != tt.contentType {
			t.Errorf("GET %s: %d %q", link, r.status, r.header.Get("Content-Type"))
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: Cache-Control %q, want immutable for the versioned URL", link, cc)
		}
		req, _ := http.NewRequest("GET", ts.URL+link, nil)
		req.Header.Set("If-None-Match", r.header.Get("ETag"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with its ETag: %d, want 304", link, resp.StatusCode)
		}
	}
	if r := get(t, ts.URL+"/static/nope.css"); r.status != http.StatusNotFound {
		t.Errorf("GET /static/nope.css: %d, want 404", r.status)
	}
}

// The status pages answer GET and HEAD; other methods get the API's 405.
func TestMethods(t *testing.T) {
	_, ts := startServer(t, fixture)
	for _, path := range []string{"/", "/codes/2004", "/static/status.css"} {
		resp, err := http.Head(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: %d", path, resp.StatusCode)
		}
		resp, err = http.Post(ts.URL+path, "text/plain", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d, want 405", path, resp.StatusCode)
		}
	}
}
