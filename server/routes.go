package server

import (
	"net/http"
	"strings"
)

// routes returns the server's whole API. Every route answers GET and HEAD;
// any other method gets 405 with Allow and a JSON body, and a path no route
// has gets a JSON 404. A path that is not in canonical form (a doubled
// slash, a "." or ".." segment) gets ServeMux's redirect to its canonical
// form, on the same host.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	message := s.get(mux, "/v1/errors/{code}", s.handleMessage())
	s.get(mux, "/v1/errors", s.handleList())
	s.get(mux, "/v1/locales", s.handleLocales())
	s.get(mux, "/healthz", handleHealthz())
	s.get(mux, "/readyz", s.handleReadyz())
	s.get(mux, "/metrics", s.handleMetrics())
	// The translation status pages, in HTML, when the service has them
	// (Config.Pages): an API-only binary carries none of their code.
	if s.pages != nil {
		s.get(mux, "/{$}", s.pages)
		s.get(mux, "/codes/{code}", s.pages)
		s.get(mux, "/static/", s.pages)
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
		// would give it.
		if code, ok := strings.CutPrefix(r.URL.Path, "/v1/errors/"); ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) && isDigits(code) {
			r.SetPathValue("code", code)
			message.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
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
