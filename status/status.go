// Package status serves the catalog's translation status as web pages, for
// translators, their managers and API developers:
//
//   - / lists every locale, in its own language's name, with a progress bar
//     of up-to-date, flagged (lint findings), stale and missing codes; and a
//     grid of codes × locales with every problem marked, a hundred codes a
//     page, which a form filters by locale, by state and by a search over
//     codes and texts in every language.
//   - /codes/{code} shows one code: its English source and description, and
//     every translation side by side with its state, its lint findings and
//     the JSON envelope a client of the API receives in that locale.
//
// The pages are rendered on the server with html/template, which escapes
// every text of the catalog, and work without JavaScript: the filters are
// query parameters (/?locale=ja&state=missing&q=password). A small script,
// when it runs, applies them without reloading the page. Templates, styles
// and script are embedded in the binary.
//
// A Status reads the catalog through a function, the server's snapshot, on
// every request, so a reloaded catalog shows at once. What the pages show
// about a whole catalog (the locales' figures, lint's findings) is
// computed once per catalog, on the first request that sees it; lint, the
// one costly part, in the background for a large catalog, whose pages say
// so until it is done. A page computes only the codes it shows: the grid
// is paginated, a hundred codes a page (?page=2), so that a catalog of any
// size answers its first page in a few milliseconds and a few hundred
// kilobytes.
//
// A save that does not load shows, through Status.Reload, as a banner on
// every page with the problems found and the time of the last good load.
//
// The figures are package coverage's, the ones `errcat stats` prints, and
// the findings are lint.Catalog's over the catalog's own bundles.
package status

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// A Status serves the status pages of the catalog its snapshot function
// returns. It is safe for concurrent use. Create one with New.
type Status struct {
	// Watch, when set, says how the catalog's folder is watched, in a few
	// words (server.WatchState's String): the pages warn while it is not
	// "watching" or "", since the catalog shown may then lag the folder.
	Watch func() string

	// Reload, when set, says how the latest load of the catalog went, as
	// (*server.Server).ReloadState does: while the latest failed, every
	// page shows a banner with the problems found and the time of the
	// last good load, since the page shows that catalog and not the files
	// a translator just saved.
	Reload func() ReloadState

	snapshot func() *catalog.Catalog
	cur      atomic.Pointer[model]
	buildMu  sync.Mutex
	*templates
	mux *http.ServeMux
}

// A ReloadState is how the latest load of the catalog went. It is a type
// of its own so that the pages serve any catalog, reloaded by errcat's
// server or not, but it has server.ReloadState's fields in its order, so
// that status.ReloadState(srv.ReloadState()) converts one to the other and
// stops compiling if the two part.
type ReloadState struct {
	LastGood    time.Time // when the catalog shown was loaded; zero before any
	FailedAt    time.Time // when the latest reload failed; zero unless it did
	Diagnostics []diag.Diagnostic
	More        int // diagnostics left out of Diagnostics
}

// New returns a Status for the catalog snapshot returns, such as
// (*server.Server).Catalog. snapshot may return nil while no catalog is
// loaded; the pages then answer 503.
func New(snapshot func() *catalog.Catalog) *Status {
	s := &Status{snapshot: snapshot, templates: parsed()}
	s.mux = http.NewServeMux()
	s.mux.Handle("GET /{$}", s.Overview())
	s.mux.Handle("GET /codes/{code}", s.Code())
	s.mux.Handle("GET /static/", s.Static())
	return s
}

// ServeHTTP serves the pages on their own, for a program that mounts them
// without the API's server: /, /codes/{code} and /static/. Links between
// pages are relative, so they may also be mounted under a prefix with
// http.StripPrefix.
func (s *Status) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// templates are the parsed pages and the embedded assets, the same for
// every Status: parsed once, on the first New.
type templates struct {
	pages  map[string]*template.Template
	assets map[string]*asset
}

var parsed = sync.OnceValue(func() *templates {
	t := &templates{assets: loadAssets(), pages: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"asset":      t.assetURL,
		"percent":    func(p float64) string { return strconv.FormatFloat(p, 'f', 1, 64) },
		"statusLine": statusLine,
		"plural":     pluralize,
		"max":        func(a, b int) int { return max(a, b) },
		"symbol":     symbol,
		"where":      where,
		"pageSize":   func() int { return pageSize },
		// Times as /readyz gives them, in UTC: the server's zone is
		// rarely the translator's.
		"rfc3339": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"utc":     func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	}
	for _, name := range []string{"overview", "code", "problem"} {
		t.pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/"+name+".html", "templates/row.html"))
	}
	return t
})

// model returns the model of the catalog being served, building it the
// first time that catalog is seen; nil when there is no catalog.
//
// The cache is keyed by the catalog itself rather than its Version: a
// catalog is immutable, so its pointer stands for all the page shows,
// while Version covers only the texts clients see, not the hashes that make
// a translation stale or the obsolete messages.
func (s *Status) model() *model {
	c := s.snapshot()
	if c == nil {
		return nil
	}
	if m := s.cur.Load(); m != nil && m.cat == c {
		return m
	}
	// One build at a time: the requests that arrive just after a reload
	// wait for the first one's model instead of each building their own.
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if m := s.cur.Load(); m != nil && m.cat == c {
		return m
	}
	m := build(c)
	s.cur.Store(m)
	return m
}

// Overview serves GET /: the locales' progress and the grid of codes.
func (s *Status) Overview() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := s.model()
		if m == nil {
			s.notReady(w, r)
			return
		}
		v := m.view()
		f := parseFilter(v, r.URL.Query())
		if f.needsLint() {
			// Lint's findings are the answer: wait for them, once per
			// catalog, on a large catalog's first such request.
			v = m.waitLint()
		}
		o := v.overview(f)
		title := "Translation status"
		if o.Filter.Active() {
			title = "Filtered codes · " + title
		}
		if o.Pages > 1 {
			title = "Page " + strconv.Itoa(o.Filter.Page) + " of " + strconv.Itoa(o.Pages) + " · " + title
		}
		s.render(w, r, http.StatusOK, "overview", pageData{Title: title, Root: "./", Model: &v, Page: o})
	})
}

// Code serves GET /codes/{code}: one code in every locale. It reads the
// code from the route's {code} wildcard.
func (s *Status) Code() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := s.model()
		if m == nil {
			s.notReady(w, r)
			return
		}
		v := m.view()
		raw := r.PathValue("code")
		code, ok := catalog.ParseCode(raw)
		var at int
		found := false
		if ok {
			at, found = m.index(code)
		}
		if !found {
			// The page repeats what was asked for, but not at any length.
			if len(raw) > 40 {
				raw = strings.ToValidUTF8(raw[:40], "") + "…"
			}
			msg := "There is no code " + raw + " in this catalog."
			if !ok {
				msg = "“" + raw + "” is not an error code: a code is a decimal number without leading zeros, such as 2004."
			}
			s.render(w, r, http.StatusNotFound, "problem", pageData{Title: "No such code", Root: "../", Model: &v,
				Page: problem{Heading: "No such code", Message: msg, Search: raw}})
			return
		}
		p := v.codePage(at)
		s.render(w, r, http.StatusOK, "code", pageData{Title: "Code " + p.Row.ID, Root: "../", Model: &v, Page: p})
	})
}

func (s *Status) notReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "1")
	root := "./"
	if strings.HasPrefix(r.URL.Path, "/codes/") {
		root = "../"
	}
	s.render(w, r, http.StatusServiceUnavailable, "problem", pageData{Title: "Not ready", Root: root,
		Page: problem{Heading: "Not ready", Message: "The message catalog is not loaded yet. Try again in a moment."}})
}

// pageData is what the layout template reads; Page is the page's own data.
type pageData struct {
	Watch  string       // set by render: the watch's state when it is not well
	Reload *ReloadState // set by render: the latest reload, when it failed
	Title  string
	Root   string // the relative path from the page to /: "./" or "../"
	Model  *view  // nil before a catalog is loaded
	Page   any
}

// A problem is the data of an error page.
type problem struct {
	Heading string
	Message string
	Search  string // a search to offer, such as the code not found
}

// Headers of every page. The policy allows the page's own styles and script
// and nothing else: no inline script, no other origin. It is a second line
// of defence behind html/template's escaping.
var (
	htmlContentType = []string{"text/html; charset=utf-8"}
	pagePolicy      = []string{"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"}
	noSniff        = []string{"nosniff"}
	noReferrer     = []string{"no-referrer"}
	revalidate     = []string{"no-cache"}
	immutableCache = []string{"public, max-age=31536000, immutable"}
	shortCache     = []string{"public, max-age=300"}
)

// render executes a page into a buffer first, so that a template error
// becomes a 500 rather than half a page.
func (s *Status) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	if s.Watch != nil {
		if ws := s.Watch(); ws != "" && ws != "watching" {
			data.Watch = ws
		}
	}
	if s.Reload != nil {
		if rs := s.Reload(); !rs.FailedAt.IsZero() {
			data.Reload = &rs
		}
	}
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		slog.Default().ErrorContext(r.Context(), "status page", "page", name, "error", err)
		http.Error(w, "internal error rendering the status page", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h["Content-Type"] = htmlContentType
	h["Content-Security-Policy"] = pagePolicy
	h["X-Content-Type-Options"] = noSniff
	h["Referrer-Policy"] = noReferrer
	h["Cache-Control"] = revalidate
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// An asset is an embedded file served under /static/.
type asset struct {
	name        string
	body        []byte
	contentType string
	etag        string
	version     string // a short hash of the body, for cache-busting URLs
}

func loadAssets() map[string]*asset {
	types := map[string]string{
		".css": "text/css; charset=utf-8",
		".js":  "text/javascript; charset=utf-8",
		".svg": "image/svg+xml",
	}
	assets := map[string]*asset{}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		v := hex.EncodeToString(sum[:6])
		name := path.Base(p)
		assets[name] = &asset{name: name, body: body, contentType: types[path.Ext(name)], etag: `"` + v + `"`, version: v}
		return nil
	})
	return assets
}

// assetURL returns the URL of an asset relative to the page's root, with
// its hash as a query, so that a browser may keep it for a year and still
// fetch a new binary's version at once.
func (t *templates) assetURL(root, name string) string {
	a, ok := t.assets[name]
	if !ok {
		panic("status: no asset " + name)
	}
	return root + "static/" + name + "?v=" + a.version
}

// Static serves GET /static/: the pages' stylesheet, script and icon.
func (s *Status) Static() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.assets[path.Base(r.URL.Path)]
		if !ok || !strings.HasSuffix(path.Dir(r.URL.Path), "static") {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{a.contentType}
		h["X-Content-Type-Options"] = noSniff
		h["Etag"] = []string{a.etag}
		if r.URL.Query().Get("v") == a.version {
			h["Cache-Control"] = immutableCache
		} else {
			h["Cache-Control"] = shortCache
		}
		http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
	})
}

// symbol is the mark of a cell of the grid in a state; the grid's caption
// and each cell's hidden text say it in words.
func symbol(state string) string {
	switch state {
	case "missing":
		return "✗"
	case "stale":
		return "↻"
	case "flagged":
		return "!"
	}
	return "✓"
}

// Label says the cell's state in words, "stale, 2 lint findings"; source
// tells whether the cell is the source locale's.
func (c *cell) Label(source bool) string {
	var parts []string
	switch {
	case c.Missing:
		parts = append(parts, "missing")
	case c.Stale:
		parts = append(parts, "stale")
	}
	if n := len(c.Findings); n > 0 {
		parts = append(parts, strconv.Itoa(n)+" lint "+pluralize(n, "finding", "findings"))
	}
	switch {
	case len(parts) > 0:
		return strings.Join(parts, ", ")
	case source:
		return "source"
	}
	return "up to date"
}

// where is a finding's place, file:line:col as the compiler-style output
// prints it.
func where(d diag.Diagnostic) string {
	s := d.File
	if d.Line > 0 {
		s += ":" + strconv.Itoa(d.Line)
		if d.Col > 0 {
			s += ":" + strconv.Itoa(d.Col)
		}
	}
	return s
}

// pluralize returns one or other by n, for counts in the page's English.
func pluralize(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}
