// Package server is errcat's HTTP service: it answers a client's request for
// an error message with the text in the client's language, as JSON.
//
// A Server is an http.Handler. It serves one catalog at a time, an immutable
// *catalog.Catalog held in an atomic pointer; reloading (SetCatalog, or Watch
// on a directory) builds a whole new catalog and swaps the pointer. Each
// request reads the pointer once, so one response never mixes the text of
// one catalog with the ETag or Content-Language of another.
//
// routes.go lists every route. A service can serve a Server on its own with
// Serve, as `errcat serve` does, or mount it inside its own mux:
//
//	mux.Handle("/v1/", srv)
//
// Config.SeparatePrivate keeps /metrics and the status pages off those
// routes, for a public port; Private serves them on a listener of their
// own. Config.CORSOrigins lets web pages of other origins read the catalog.
package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/errcat/errcat/catalog"
)

// Config holds what a Server depends on. The zero Config is usable: a server
// with no catalog yet (not ready), no logs and uncached responses.
type Config struct {
	// Catalog is the catalog to serve at first; nil leaves the server
	// unready (GET /readyz answers 503) until SetCatalog gives it one.
	Catalog *catalog.Catalog

	// Logger receives reload outcomes and, with AccessLog, one line a
	// request. Nil discards logs.
	Logger *slog.Logger

	// AccessLog logs each request at Info level.
	AccessLog bool

	// MaxAge is how long a client or shared cache may reuse a localized
	// response without asking again. Zero sends "Cache-Control: no-cache":
	// caches keep the response but revalidate it with its ETag each time,
	// which costs a 304 and shows a reloaded catalog at once. A catalog
	// that changes only with a new binary can afford a minute or so.
	MaxAge time.Duration

	// Pages, when set, serves GET / , /codes/{code} and /static/: the
	// translation status pages of package status, say, built over this
	// server's Catalog. Nil leaves those paths to the JSON 404.
	Pages http.Handler

	// SeparatePrivate takes /metrics and the Pages off the Server's own
	// routes, which are then fit for a public port: the API, /healthz and
	// /readyz. Private serves them, for a listener on a private address.
	SeparatePrivate bool

	// CORSOrigins are the origins whose web pages may read the read-only
	// endpoints (GET /v1/errors/{code}, /v1/errors and /v1/locales) from
	// another origin: "https://app.example.com", as a browser sends it in
	// the Origin header (scheme, host, a port other than the default; no
	// path), or "*" for any. Responses then carry
	// Access-Control-Allow-Origin, expose Content-Language and ETag, and
	// vary by Origin (unless "*"); OPTIONS answers the preflight. Empty,
	// no cross-origin read is allowed.
	CORSOrigins []string
}

// A Server serves a catalog's messages over HTTP. It is safe for concurrent
// use. Create one with New.
type Server struct {
	snap         atomic.Pointer[snapshot]
	log          *slog.Logger
	accessLog    bool
	cacheControl []string
	metrics      *metrics
	handler      http.Handler
	private      http.Handler
	pages        http.Handler
	separate     bool
	cors         *corsPolicy
	vary         []string // the Vary of a response in the caller's language
	reloadMu     sync.Mutex
	// load loads a folder's catalog: catalog.LoadDir, but for tests that
	// need a load to fail in ways no file can make it.
	load       func(dir string) (*catalog.Catalog, error)
	watchState atomic.Pointer[WatchState] // set by a running Watcher
	// reloadState is read by every /readyz and status page while reloads
	// write it; reloadStateMu orders the writers, since a failure keeps
	// the time of the last success.
	reloadState   atomic.Pointer[reloadRecord]
	reloadStateMu sync.Mutex
}

// New returns a Server with every route of routes.go. Each Server has its own
// Prometheus registry, served at /metrics, so that a process (or a test) can
// run several.
func New(cfg Config) *Server {
	s := &Server{
		log:       cfg.Logger,
		accessLog: cfg.AccessLog,
		metrics:   newMetrics(),
		pages:     cfg.Pages,
		separate:  cfg.SeparatePrivate,
		cors:      newCORSPolicy(cfg.CORSOrigins),
		load:      catalog.LoadDir,
	}
	s.vary = s.cors.vary()
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.cacheControl = []string{"no-cache"}
	if secs := int(cfg.MaxAge / time.Second); secs > 0 {
		s.cacheControl = []string{"public, max-age=" + strconv.Itoa(secs)}
	}
	if cfg.Catalog != nil {
		s.SetCatalog(cfg.Catalog)
	}
	s.handler = s.routes()
	s.private = s.privateRoutes()
	return s
}

// ServeHTTP serves a request with the route routes.go gives it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Private returns the handler of the routes an operator needs and the
// public does not: /metrics, /healthz, /readyz and the Pages. With
// Config.SeparatePrivate it is the only handler of /metrics and the Pages;
// serve it on a private address.
func (s *Server) Private() http.Handler { return s.private }

// SetCatalog makes c the catalog the server serves, from the next request
// on. Requests already running finish with the catalog they started with.
// It counts as a good load in ReloadState, clearing a failed reload's. A nil
// c takes the server out of service: /readyz and the message routes answer
// 503 until a catalog is set again.
func (s *Server) SetCatalog(c *catalog.Catalog) {
	if c == nil {
		s.snap.Store(nil)
		s.metrics.catalogCodes.Set(0)
		s.metrics.catalogLocales.Set(0)
		return
	}
	s.snap.Store(newSnapshot(c, s.metrics))
	s.metrics.catalogCodes.Set(float64(len(c.Codes())))
	s.metrics.catalogLocales.Set(float64(len(c.Locales())))
	s.loadedGood(time.Now())
}

// Catalog returns the catalog being served, or nil before there is one.
func (s *Server) Catalog() *catalog.Catalog {
	if snap := s.snap.Load(); snap != nil {
		return snap.cat
	}
	return nil
}

// Registry returns the server's Prometheus registry, for a service that
// wants to add its own metrics to those at /metrics.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

// A snapshot is one catalog with what the handlers derive from it, computed
// once when the catalog is swapped in rather than on every request.
type snapshot struct {
	cat *catalog.Catalog
	// etagPrefix[l] is `"version-locale-`; a message's ETag appends its
	// code and a closing quote.
	etagPrefix      []string
	contentLanguage [][]string // header values, by locale index
	resolved        []prometheus.Counter
	localesBody     []byte // the body of GET /v1/locales
	localesETag     string
	readyBody       []byte
	answers         answers // GET /v1/errors/{code}'s, encoded once
}

func newSnapshot(c *catalog.Catalog, m *metrics) *snapshot {
	locs := c.Locales()
	snap := &snapshot{
		cat:             c,
		etagPrefix:      make([]string, len(locs)),
		contentLanguage: make([][]string, len(locs)),
		resolved:        make([]prometheus.Counter, len(locs)),
	}
	for l, loc := range locs {
		snap.etagPrefix[l] = `"` + c.Version() + "-" + loc.ID + "-"
		snap.contentLanguage[l] = []string{loc.ID}
		snap.resolved[l] = m.resolved.WithLabelValues(loc.ID)
	}
	snap.localesBody = appendLocales(nil, c)
	snap.localesETag = `"` + c.Version() + `-locales"`
	snap.readyBody = appendReady(nil, c)
	return snap
}

// etagAndLength returns the ETag and the Content-Length of a message
// response whose body is n bytes, in one slice over one string: two
// allocations where separate values take four. The ETag is strong: the
// catalog's version, the locale that supplied the text and the code
// determine the body's bytes.
func (snap *snapshot) etagAndLength(l, code, n int) []string {
	var buf [96]byte
	b := append(buf[:0], snap.etagPrefix[l]...)
	b = strconv.AppendInt(b, int64(code), 10)
	b = append(b, '"')
	tag := len(b)
	b = strconv.AppendInt(b, int64(n), 10)
	s := string(b)
	return []string{s[:tag], s[tag:]}
}
