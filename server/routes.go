package server

import (
	"net/http"
	"strings"
)

// routes returns the server's whole API. Every route answers GET and HEAD;
// any other method gets 405 with Allow and a JSON body, and a path no route
// has gets a JSON 404. A path that is not in canonical form (a doubled
// slash, a "." or ".." segment) gets ServeMux's redirect to its canonical
// form, on the same host. With Config.CORSOrigins, the read-only endpoints
// also answer OPTIONS, the browser's preflight. With
// Config.SeparatePrivate, /metrics and the pages are in privateRoutes only.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	message := s.readOnly(mux, "/v1/errors/{code}", s.handleMessage())
	s.readOnly(mux, "/v1/errors", s.handleList())
	s.readOnly(mux, "/v1/locales", s.handleLocales())
	s.get(mux, "/healthz", handleHealthz())
	s.get(mux, "/readyz", s.handleReadyz())
	if !s.separate {
		s.get(mux, "/metrics", s.handleMetrics())
		s.pageRoutes(mux)
	}
	noRoute := s.instrument("/", handleNoRoute())
	mux.Handle("/", noRoute)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A request with no path, such as CONNECT example.com:443, matches
		// no pattern, not even "/", and ServeMux would answer it with its
		// own plain-text 404.
		if r.URL.Path == "" {
			noRoute.ServeHTTP(w, r)
			return
		}
		// The message lookup is nearly all of the traffic. A request for
		// it in canonical form, /v1/errors/ and digits, skips the mux's
		// cleaning and matching; it reaches the same handler the mux
		// would give it. It does not set the {code} path value:
		// Request.SetPathValue outside a mux pattern allocates a map (three
		// allocations, some 400 bytes a request, the largest part of what
		// errcat allocated beyond a bare handler); messageCode reads the
		// code from the path instead.
		if code, ok := strings.CutPrefix(r.URL.Path, "/v1/errors/"); ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) && isDigits(code) {
			if r.PathValue("code") != "" {
				// An outer mux's pattern has a {code} of its own: this
				// one must win. Setting a name the pattern has does not
				// allocate.
				r.SetPathValue("code", code)
			}
			message.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// privateRoutes returns what an operator reads and the public need not:
// the metrics, the health checks (for a probe on the private port) and the
// pages. The Server serves them itself too, unless Config.SeparatePrivate.
func (s *Server) privateRoutes() http.Handler {
	mux := http.NewServeMux()
	s.get(mux, "/metrics", s.handleMetrics())
	s.get(mux, "/healthz", handleHealthz())
	s.get(mux, "/readyz", s.handleReadyz())
	s.pageRoutes(mux)
	noRoute := s.instrument("/", handleNoRoute())
	mux.Handle("/", noRoute)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" {
			noRoute.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// pageRoutes registers the translation status pages, in HTML, when the
// service has them (Config.Pages): an API-only binary carries none of their
// code.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	if s.pages == nil {
		return
	}
	s.get(mux, "/{$}", s.pages)
	s.get(mux, "/codes/{code}", s.pages)
	s.get(mux, "/static/", s.pages)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// get registers h for GET (and so HEAD) on path, and a 405 for the path's
// other methods. ServeMux would answer those itself, with Allow but with a
// plain-text body; every answer of this API is JSON.
// It returns the instrumented GET handler.
func (s *Server) get(mux *http.ServeMux, path string, h http.Handler) http.Handler {
	get := s.instrument("GET "+path, h)
	mux.Handle("GET "+path, get)
	mux.Handle(path, s.instrument(path, handleMethodNotAllowed("GET, HEAD")))
	return get
}

// readOnly registers a read-only endpoint of the catalog: get's route with
// the CORS policy's headers and, when there is a policy, OPTIONS for the
// preflight. It returns the instrumented GET handler.
func (s *Server) readOnly(mux *http.ServeMux, path string, h http.Handler) http.Handler {
	if s.cors == nil {
		return s.get(mux, path, h)
	}
	get := s.instrument("GET "+path, s.cors.wrap(h))
	mux.Handle("GET "+path, get)
	mux.Handle("OPTIONS "+path, s.instrument("OPTIONS "+path, s.cors.preflight()))
	mux.Handle(path, s.instrument(path, handleMethodNotAllowed("GET, HEAD, OPTIONS")))
	return get
}
