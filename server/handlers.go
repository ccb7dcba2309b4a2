package server

import (
	"errors"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/envelope"
)

// Header values the handlers set on every response of a kind. They are
// assigned to the header map directly, which saves an allocation a header
// on the hot path. Each slice has len == cap, so that a later Header.Add
// by some wrapping handler copies it instead of writing into it.
var (
	jsonContentType = []string{"application/json; charset=utf-8"}
	varyLanguage    = []string{"Accept-Language"}
	noStore         = []string{"no-store"}
	englishLanguage = []string{"en"}
	retryAfterOne   = []string{"1"}
	healthzBody     = []byte("{\"status\":\"ok\"}\n")
)

// maxQueryValue is the longest query value queryValue unescapes: at three
// bytes an escape, anything longer unescapes to more than catalog.MaxHeader.
const maxQueryValue = 3 * catalog.MaxHeader

// The service's own errors. Their envelopes carry code 0, which no catalog
// code uses, and English text: the catalog has no codes for them.
const (
	noCode        = 0
	msgBadCode    = "not an error code: a code is a decimal number without leading zeros, such as 2004"
	msgNoCatalog  = "the message catalog is not loaded yet"
	msgNoRoute    = "no such endpoint; the API is GET /v1/errors/{code}, GET /v1/errors and GET /v1/locales"
	msgNotAllowed = "method not allowed; this endpoint answers GET and HEAD"
)

// handleMessage serves GET /v1/errors/{code}: the code's message in the
// caller's language, ?lang= first, then Accept-Language, then the source,
// message by message as catalog.Resolve defines.
func (s *Server) handleMessage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// One load of the pointer: the text, Content-Language and ETag
		// below all come from this snapshot even if a reload swaps
		// another in meanwhile.
		snap := s.snap.Load()
		if snap == nil {
			writeNotReady(w)
			return
		}
		code, ok := catalog.ParseCode(messageCode(r))
		if !ok {
			writeProblem(w, http.StatusBadRequest, msgBadCode)
			return
		}
		loc := snap.cat.Localizer(queryValue(r.URL.RawQuery, "lang"), catalog.AcceptLanguage(r.Header))
		res, err := loc.Localize(code, catalog.Params{})
		if errors.Is(err, catalog.ErrUnknownCode) {
			writeUnknown(w, loc.Unknown())
			return
		}
		// Any other error is a template that could not use the (absent)
		// data; its text is still the best answer, as in errcat.Message.
		snap.countResolved(s.metrics, res)

		// The envelope, its ETag and Content-Length follow from the
		// snapshot, the locale and the code: encoded once (see answers).
		a := snap.answers.get(snap, res.Index, code, res.Text)
		h := w.Header()
		h["Etag"] = a.vals[0:1:1]
		h["Cache-Control"] = s.cacheControl
		h["Vary"] = s.vary
		h["Content-Language"] = snap.contentLanguage[res.Index]
		if notModified(r, a.vals[0]) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h["Content-Type"] = jsonContentType
		h["Content-Length"] = a.vals[1:2:2]
		w.WriteHeader(http.StatusOK)
		w.Write(a.body)
	})
}

// messageCode returns the {code} of GET /v1/errors/{code}: the mux's path
// value, or, on routes' fast path, which sets none, the path's last segment.
func messageCode(r *http.Request) string {
	if code := r.PathValue("code"); code != "" {
		return code
	}
	_, code, _ := strings.Cut(r.URL.Path[1:], "/errors/")
	return code
}

// handleList serves GET /v1/errors: every code's message in one language,
// for clients that cache the whole catalog. ?lang= and Accept-Language
// choose the language as for one message, and each code falls back on its
// own; an entry whose text is not in the list's language says which locale
// supplied it:
//
//	{"locale":"ja","version":"…","messages":[{"message":"…","code":1000},{"message":"…","code":2004,"locale":"en"},…]}
func (s *Server) handleList() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		snap := s.snap.Load()
		if snap == nil {
			writeNotReady(w)
			return
		}
		c := snap.cat
		loc := c.Localizer(queryValue(r.URL.RawQuery, "lang"), catalog.AcceptLanguage(r.Header))
		// The list's language is the caller's first usable preference.
		primary := loc.First()
		codes := c.Codes()
		results := make([]catalog.Result, len(codes))
		// The body is determined by the catalog version, the list's
		// language and which locale supplied each entry; hashing the
		// last gives a strong ETag that two replicas agree on.
		sum := fnv.New64a()
		var idx [2]byte
		for i, code := range codes {
			res, _ := loc.Localize(code, catalog.Params{})
			results[i] = res
			idx[0], idx[1] = byte(res.Index>>8), byte(res.Index)
			sum.Write(idx[:])
		}
		listLocale := c.Locales()[primary].ID
		etag := `"` + c.Version() + "-list-" + listLocale + "-" + strconv.FormatUint(sum.Sum64(), 16) + `"`
		h := w.Header()
		h["Etag"] = []string{etag}
		h["Cache-Control"] = s.cacheControl
		h["Vary"] = s.vary
		h["Content-Language"] = snap.contentLanguage[primary]
		if notModified(r, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		b := make([]byte, 0, 128*len(codes))
		b = append(b, `{"locale":`...)
		b = envelope.AppendString(b, listLocale)
		b = append(b, `,"version":`...)
		b = envelope.AppendString(b, c.Version())
		b = append(b, `,"messages":[`...)
		for i, res := range results {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"message":`...)
			b = envelope.AppendString(b, res.Text)
			b = append(b, `,"code":`...)
			b = strconv.AppendInt(b, int64(codes[i]), 10)
			if res.Index != primary {
				b = append(b, `,"locale":`...)
				b = envelope.AppendString(b, res.Locale)
			}
			b = append(b, '}')
		}
		b = append(b, "]}\n"...)
		writeBody(w, http.StatusOK, b)
	})
}

// handleLocales serves GET /v1/locales: each shipped locale with its tag,
// its name in its own language and its coverage. The body is built when the
// catalog is loaded.
func (s *Server) handleLocales() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		snap := s.snap.Load()
		if snap == nil {
			writeNotReady(w)
			return
		}
		h := w.Header()
		h["Etag"] = []string{snap.localesETag}
		h["Cache-Control"] = s.cacheControl
		if notModified(r, snap.localesETag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		writeBody(w, http.StatusOK, snap.localesBody)
	})
}

// handleHealthz serves GET /healthz: the process is up and serving HTTP.
func handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = noStore
		writeBody(w, http.StatusOK, healthzBody)
	})
}

// handleReadyz serves GET /readyz: 200 once a catalog is loaded, with its
// version and size, the state of the folder's watch when the server
// watches one, and how the latest load went; 503 before. Neither a lost
// watch nor a failed reload makes the server unready: the catalog it
// serves is still good, and the watcher is polling or waiting for a fix.
// They show in the body instead, for the operator and the translator.
//
//	{"status":"ready","version":"…","codes":99,"locales":10,"watch":"watching","reload":{"ok":true,"last_good":"2026-12-02T07:01:02Z"}}
func (s *Server) handleReadyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		snap := s.snap.Load()
		if snap == nil {
			writeNotReady(w)
			return
		}
		w.Header()["Cache-Control"] = noStore
		bp := getBuf()
		b := appendWatch(append(*bp, snap.readyBody...), s.WatchState())
		if rec := s.reloadState.Load(); rec != nil {
			b = append(b, rec.json...)
		}
		b = append(b, "}\n"...)
		writeBody(w, http.StatusOK, b)
		*bp = b
		putBuf(bp)
	})
}

// handleMethodNotAllowed answers a method a path does not serve.
func handleMethodNotAllowed(allow string) http.Handler {
	allowed := []string{allow}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Allow"] = allowed
		writeProblem(w, http.StatusMethodNotAllowed, msgNotAllowed)
	})
}

// handleNoRoute answers a path no route has.
func handleNoRoute() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, msgNoRoute)
	})
}

// writeProblem writes one of the service's own errors: a bad request, an
// unknown code or route, a method not allowed, no catalog yet. The body has
// the envelope's shape.
func writeProblem(w http.ResponseWriter, status int, message string) {
	h := w.Header()
	h["Content-Language"] = englishLanguage
	h["Cache-Control"] = noStore
	bp := getBuf()
	b := envelope.Append(*bp, message, noCode, nil)
	writeBody(w, status, b)
	*bp = b
	putBuf(bp)
}

// writeUnknown answers a code the catalog does not have, by the one rule
// for an error outside the catalog (catalog.Localizer.Unknown): 404, with
// the envelope of the catalog's fallback code in the caller's language, or
// the built-in English text with code 0. A client that shows the message
// of whatever code it got shows what errcat.WriteError would have.
func writeUnknown(w http.ResponseWriter, a catalog.Answer) {
	h := w.Header()
	h["Content-Language"] = []string{a.Locale}
	h["Cache-Control"] = noStore
	h["Vary"] = varyLanguage
	bp := getBuf()
	b := envelope.Append(*bp, a.Text, a.Code, nil)
	writeBody(w, http.StatusNotFound, b)
	*bp = b
	putBuf(bp)
}

func writeNotReady(w http.ResponseWriter) {
	w.Header()["Retry-After"] = retryAfterOne
	writeProblem(w, http.StatusServiceUnavailable, msgNoCatalog)
}

// writeBody writes a JSON body with its length.
func writeBody(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	w.Write(b)
}

// notModified reports whether r's If-None-Match matches etag, so that the
// answer is 304 (RFC 9110 §13.1.2): "*", or a list of entity tags compared
// weakly, W/"x" matching "x".
func notModified(r *http.Request, etag string) bool {
	inm := r.Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	for inm != "" {
		inm = strings.TrimLeft(inm, " \t,")
		switch {
		case inm == "":
			return false
		case inm[0] == '*':
			return true
		case strings.HasPrefix(inm, "W/"):
			inm = inm[2:]
		}
		if inm == "" || inm[0] != '"' {
			// Not an entity tag: skip to the next list element.
			_, inm, _ = strings.Cut(inm, ",")
			continue
		}
		end := strings.IndexByte(inm[1:], '"')
		if end < 0 {
			return false
		}
		if inm[:end+2] == etag {
			return true
		}
		inm = inm[end+2:]
	}
	return false
}

// queryValue returns the first value of key in a raw URL query, unescaped:
// r.URL.Query() would parse and allocate every parameter.
//
// Nothing is unescaped that cannot be used, since unescaping copies: a
// parameter name over three times the length of key cannot unescape to it,
// and a value over maxQueryValue is returned as it is, still escaped. The
// value is a preference list (?lang=) and even unescaped it would be longer
// than the resolver reads (catalog.MaxHeader), so it counts as absent either
// way; a request line of a megabyte then costs no megabyte-sized copy.
func queryValue(rawQuery, key string) string {
	for rawQuery != "" {
		var kv string
		kv, rawQuery, _ = strings.Cut(rawQuery, "&")
		k, v, _ := strings.Cut(kv, "=")
		if len(k) > 3*len(key) {
			continue
		}
		if strings.ContainsAny(k, "%+") {
			k, _ = url.QueryUnescape(k)
		}
		if k != key {
			continue
		}
		if len(v) > maxQueryValue {
			return v
		}
		if strings.ContainsAny(v, "%+") {
			u, err := url.QueryUnescape(v)
			if err != nil {
				return ""
			}
			return u
		}
		return v
	}
	return ""
}
