package server

import (
	"net/http"
	"strings"
)

// Cross-origin reads. A web page served from another origin may read the
// catalog's read-only endpoints (GET /v1/errors/{code}, /v1/errors and
// /v1/locales) when Config.CORSOrigins lists its origin, or "*". The other
// routes (health, metrics, the status pages) are never shared: nothing in a
// browser needs them from another origin.
//
// The header values are built once, so that a shared response costs the
// handler no allocation.
var (
	varyOrigin         = []string{"Origin"}
	varyLanguageOrigin = []string{"Accept-Language, Origin"}
	anyOrigin          = []string{"*"}
	// A script may read these of a response besides the safelisted ones
	// (Content-Type, Cache-Control…): the language the text is in, and
	// the ETag to revalidate a cached copy with.
	exposeHeaders = []string{"Content-Language, ETag"}
	allowMethods  = []string{"GET, HEAD"}
	// Accept-Language is safelisted only while its value is short and
	// plain; If-None-Match never is. A page that revalidates its cached
	// catalog sends both.
	allowHeaders = []string{"Accept-Language, If-None-Match"}
	// How long a browser may reuse a preflight's answer: two hours, the
	// most Chromium honours.
	preflightMaxAge = []string{"7200"}
)

// A corsPolicy is the set of origins allowed to read the read-only
// endpoints. A nil *corsPolicy allows none and adds no header.
type corsPolicy struct {
	any bool
	// allowed maps each allowed origin to its Access-Control-Allow-Origin
	// value.
	allowed map[string][]string
}

// newCORSPolicy returns the policy for origins, or nil when origins is
// empty. Origins are compared with the Origin header byte for byte, as
// browsers send it: scheme, host and a port other than the scheme's
// default, lower case, without a path ("https://app.example.com").
func newCORSPolicy(origins []string) *corsPolicy {
	if len(origins) == 0 {
		return nil
	}
	p := &corsPolicy{allowed: map[string][]string{}}
	for _, o := range origins {
		o = strings.TrimSpace(o)
		if o == "*" {
			p.any = true
		}
		p.allowed[o] = []string{o}
	}
	return p
}

// vary is the Vary value of a response that depends on the caller's
// languages: the origin too when the answer's CORS headers depend on it.
func (p *corsPolicy) vary() []string {
	if p == nil || p.any {
		return varyLanguage
	}
	return varyLanguageOrigin
}

// allowOrigin sets the Access-Control-Allow-Origin header of the answer to
// r when r's origin may read it, and reports whether it did. Unless every
// origin is allowed, the answer then depends on Origin: it says so in Vary,
// so that a shared cache does not give one origin's answer to another.
func (p *corsPolicy) allowOrigin(h http.Header, r *http.Request) bool {
	if !p.any {
		h["Vary"] = varyOrigin
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	if p.any {
		h["Access-Control-Allow-Origin"] = anyOrigin
		return true
	}
	v, ok := p.allowed[origin]
	if ok {
		h["Access-Control-Allow-Origin"] = v
	}
	return ok
}

// wrap returns h with the CORS headers of a simple (GET or HEAD) request.
// A nil policy returns h itself.
func (p *corsPolicy) wrap(h http.Handler) http.Handler {
	if p == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		if p.allowOrigin(hdr, r) {
			hdr["Access-Control-Expose-Headers"] = exposeHeaders
		}
		h.ServeHTTP(w, r)
	})
}

// preflight answers OPTIONS on a read-only endpoint: 204, with the methods
// and headers a page of an allowed origin may use when it asks for GET or
// HEAD. For any other origin or method the answer carries no CORS header,
// and the browser refuses the request it was asking about.
func (p *corsPolicy) preflight() http.Handler {
	allow := []string{"GET, HEAD, OPTIONS"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Allow"] = allow
		h["Cache-Control"] = noStore
		if p.allowOrigin(h, r) {
			switch r.Header.Get("Access-Control-Request-Method") {
			case http.MethodGet, http.MethodHead:
				h["Access-Control-Allow-Methods"] = allowMethods
				h["Access-Control-Allow-Headers"] = allowHeaders
				h["Access-Control-Max-Age"] = preflightMaxAge
			default:
				delete(h, "Access-Control-Allow-Origin")
			}
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
