package server

import (
	"net/http"

	"github.com/errcat/errcat/status"
)

// routes returns the server's whole API. Every route answers GET and HEAD;
// any other method gets 405 with Allow and a JSON body, and a path no route
// has gets a JSON 404. A path that is not in canonical form (a doubled
// slash, a "." or ".." segment) gets ServeMux's redirect to its canonical
// form, on the same host.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.get(mux, "/v1/errors/{code}", s.handleMessage())
	s.get(mux, "/v1/errors", s.handleList())
	s.get(mux, "/v1/locales", s.handleLocales())
	s.get(mux, "/healthz", handleHealthz())
	s.get(mux, "/readyz", s.handleReadyz())
	s.get(mux, "/metrics", s.handleMetrics())
	// The translation status pages, in HTML, from the same snapshot.
	st := status.New(s.Catalog)
	s.get(mux, "/{$}", st.Overview())
	s.get(mux, "/codes/{code}", st.Code())
	s.get(mux, "/static/", st.Static())
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
		mux.ServeHTTP(w, r)
	})
}

// get registers h for GET (and so HEAD) on path, and a 405 for the path's
// other methods. ServeMux would answer those itself, with Allow but with a
// plain-text body; every answer of this API is JSON.
func (s *Server) get(mux *http.ServeMux, path string, h http.Handler) {
	mux.Handle("GET "+path, s.instrument("GET "+path, h))
	mux.Handle(path, s.instrument(path, handleMethodNotAllowed("GET, HEAD")))
}
