package server

import "net/http"

// routes returns the server's whole API. Every route answers GET and HEAD;
// any other method gets 405 with Allow and a JSON body, and a path no route
// has gets a JSON 404.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.get(mux, "/v1/errors/{code}", s.handleMessage())
	s.get(mux, "/v1/errors", s.handleList())
	s.get(mux, "/v1/locales", s.handleLocales())
	s.get(mux, "/healthz", handleHealthz())
	s.get(mux, "/readyz", s.handleReadyz())
	s.get(mux, "/metrics", s.handleMetrics())
	mux.Handle("/", s.instrument("/", handleNoRoute()))
	return mux
}

// get registers h for GET (and so HEAD) on path, and a 405 for the path's
// other methods. ServeMux would answer those itself, with Allow but with a
// plain-text body; every answer of this API is JSON.
func (s *Server) get(mux *http.ServeMux, path string, h http.Handler) {
	mux.Handle("GET "+path, s.instrument("GET "+path, h))
	mux.Handle(path, s.instrument(path, handleMethodNotAllowed("GET, HEAD")))
}
