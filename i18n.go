// Package errcat localizes API error responses.
//
// A service returns errors as a small JSON envelope whose code is a stable
// key clients rely on and whose message must reach each user in their
// language:
//
//	{"message": "ユーザーが存在しません。", "code": 2004, "data": null}
//
// A catalog is a folder of bundles, one per language, and a facts file
// (codes.toml) that gives each code its Go name and HTTP status and names
// the code that answers any other error. errcat embeds one, the seed
// product's error table (the constants in codes.go, such as UserNotFound);
// a service loads its own with Load and gets typed constants for it from
// `errcat generate` (docs/LIBRARY.md, "Your own catalog"). A handler
// returns or wraps a Code, and WriteError writes the envelope in the
// caller's language, with the status the catalog gives the code:
//
//	if u == nil {
//		errcat.WriteError(w, r, errcat.UserNotFound)
//		return
//	}
//
// The language comes from an explicit choice set with WithLanguage (say, the
// user's saved setting), then the request's Accept-Language header, then
// the catalog's source language, message by message: a code missing from
// the caller's first language is taken from their next one. A known code
// always gets text; an error outside the catalog (a plain Go error, a code
// the catalog lacks) is answered as the catalog's fallback code, or, in a
// catalog without one, with "An internal error occurred" and 500, so that
// no internal detail reaches a client.
//
// A client whose Accept header prefers application/problem+json gets an
// RFC 9457 problem instead of the envelope. Callers that are not HTTP
// handlers (gRPC, queues, command lines) use Localize; package
// errcat/grpcerr turns an error into a gRPC status. Options.Logger logs
// each error's cause, which never reaches the client.
//
// The catalog itself, its loading, checks and resolution, is package
// errcat/catalog; the seed's bundles are in errcat/locales.
package errcat

//go:generate go run ./cmd/errcat generate --locales locales --package errcat --type Code -o codes.go

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/envelope"
	"github.com/errcat/errcat/locales"
)

// A Code is an API error code, the stable key of a message. Code implements
// error, so a handler can return one directly.
//
// Its methods answer from the default catalog (Default): the embedded seed
// catalog, or the one a service installs with SetDefault. A service that
// serves several catalogs asks the one at hand: c.Name, c.Status.
type Code int

// String returns the code's Go name in the default catalog
// ("UserNotFound"), or "Code(n)" for a code it does not have.
func (c Code) String() string { return Default().Name(c) }

// Status returns the HTTP status WriteError answers the code with, from
// the default catalog: for a code it does not have, its fallback code's
// status, or 500.
func (c Code) Status() int { return Default().Status(c) }

// Error makes a Code an error: "errcat 2004 UserNotFound".
func (c Code) Error() string { return "errcat " + strconv.Itoa(int(c)) + " " + c.String() }

// Known reports whether the default catalog has the code.
func (c Code) Known() bool { return Default().Known(c) }

// An Error is a Code with what a response needs beyond its text: data for
// the envelope, parameters for a templated message, a count that selects a
// plural form, and the underlying cause for logs (never sent to clients).
// errors.As finds it through wrapping, and errors.Is(err, UserNotFound)
// matches an *Error with that code. A nil *Error is answered as an error
// outside the catalog.
type Error struct {
	Code   Code
	Data   any            // the envelope's "data"; null when nil
	Params map[string]any // template data, as in {{.Max}}
	Count  any            // selects the plural form; nil for none
	Err    error          // the cause
}

// Wrap returns an *Error with code and a cause.
func Wrap(code Code, cause error) *Error { return &Error{Code: code, Err: cause} }

func (e *Error) Error() string {
	switch {
	case e == nil:
		return "errcat: nil *Error"
	case e.Err != nil:
		return e.Code.Error() + ": " + e.Err.Error()
	}
	return e.Code.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Is reports whether target is this error's Code.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && e != nil && c == e.Code
}

// Envelope is the JSON body of an error response. Its fields are in the
// order clients see them.
type Envelope struct {
	Message string `json:"message"`
	Code    Code   `json:"code"`
	Data    any    `json:"data"`
}

// A Catalog is a loaded, immutable message catalog with its facts, and the
// Options its answers follow.
type Catalog struct {
	c    *catalog.Catalog
	opts Options
}

// Options say what a Catalog does beside answering.
type Options struct {
	// Logger, when set, gets one record for each error WriteError or
	// Report answers: the code it was answered with, its name, status and
	// locale, and the error itself, cause included ("error"), with the
	// request's method and path for WriteError. Errors answered with a
	// 5xx status are logged at Error level, others at Info. The cause is
	// never sent to the client.
	Logger *slog.Logger

	// OnError, when set, is called with the same for each error, after
	// Logger: for metrics, or an error tracker.
	OnError func(ctx context.Context, err error, answer Localized)

	// ProblemTypes is the base of the "type" URI of a problem+json
	// answer, to which the code is appended: "https://api.example.com/errors/"
	// gives ".../errors/2004". The default is "urn:errcat:code:".
	ProblemTypes string
}

var embedded = sync.OnceValue(func() *Catalog {
	c, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		// The embedded bundles are checked by errcat's tests; reaching
		// this means the binary was built from a broken tree.
		panic("errcat: embedded catalog: " + err.Error())
	}
	return &Catalog{c: c}
})

var installed atomic.Pointer[Catalog]

// Default returns the default catalog: the one SetDefault installed, or
// the seed catalog embedded in the binary. The package-level WriteError
// and Text, and Code's methods, answer from it.
func Default() *Catalog {
	if c := installed.Load(); c != nil {
		return c
	}
	return embedded()
}

// SetDefault makes c the default catalog, for a service that serves its
// own catalog through the package-level functions and Code's methods. It
// is safe to call at any time; a nil c restores the embedded catalog.
func SetDefault(c *Catalog) { installed.Store(c) }

// Load loads the catalog in dir: its bundles and its facts file. The error
// lists every problem found, with file and line.
func Load(dir string) (*Catalog, error) {
	c, err := catalog.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	return &Catalog{c: c}, nil
}

// LoadFS loads the catalog at the top of fsys, such as an embed.FS.
func LoadFS(fsys fs.FS) (*Catalog, error) {
	c, err := catalog.Load(fsys, ".")
	if err != nil {
		return nil, err
	}
	return &Catalog{c: c}, nil
}

// New returns a Catalog over c, such as the one a server.Server has just
// reloaded, with no Options.
func New(c *catalog.Catalog) *Catalog { return &Catalog{c: c} }

// With returns a catalog with the same texts and facts that follows o.
func (c *Catalog) With(o Options) *Catalog { return &Catalog{c: c.c, opts: o} }

// Catalog returns the underlying catalog, for checks and lower-level
// resolution.
func (c *Catalog) Catalog() *catalog.Catalog { return c.c }

// Name returns code's Go name in the catalog ("UserNotFound"), or
// "Code(n)" for a code the catalog does not have.
func (c *Catalog) Name(code Code) string {
	if f, ok := c.c.Fact(int(code)); ok {
		return f.Name
	}
	return "Code(" + strconv.Itoa(int(code)) + ")"
}

// Status returns the HTTP status the catalog answers code with: the
// code's own, or for a code the catalog does not have, the fallback
// code's, or 500.
func (c *Catalog) Status(code Code) int {
	if f, ok := c.c.Fact(int(code)); ok {
		return f.Status
	}
	if fb, ok := c.c.Fallback(); ok {
		f, _ := c.c.Fact(fb)
		return f.Status
	}
	return catalog.UnknownStatus
}

// Known reports whether the catalog has code.
func (c *Catalog) Known(code Code) bool { return c.c.Has(int(code)) }

type langKey struct{}

// WithLanguage returns a context whose requests prefer lang (a language tag,
// or a list like an Accept-Language value) over their Accept-Language
// header: for example a user's saved language.
func WithLanguage(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// LanguageOf returns the language WithLanguage put in ctx, or "".
func LanguageOf(ctx context.Context) string {
	s, _ := ctx.Value(langKey{}).(string)
	return s
}

// Localized is an error as a caller is told it, in their language.
type Localized struct {
	Code    Code   // the code answered: the error's, or the catalog's fallback
	Name    string // the code's Go name; "Unknown" for the built-in answer
	Message string // the text, never empty
	Locale  string // the locale of the text ("zh-Hant"), never empty
	Status  int    // the HTTP status
	// Unknown reports that the error was outside the catalog: a plain
	// error, a nil *Error, or a code the catalog does not have.
	Unknown bool
}

// Localize returns err as a caller with the given language preferences is
// told it: each a language tag or an Accept-Language value, highest
// priority first, as for catalog.Localizer. err is a Code, an *Error, or
// anything wrapping one; any other error is answered by the unknown-error
// rule (see Localized.Unknown), so that no internal detail reaches the
// caller. It is for callers that are not HTTP handlers: gRPC services,
// queue consumers, command lines.
func (c *Catalog) Localize(err error, prefs ...string) Localized {
	l, _ := c.answer(err, prefs...)
	return l
}

// answer localizes err and returns the *Error it was answered as: err's
// own, or nil when err is outside the catalog.
func (c *Catalog) answer(err error, prefs ...string) (Localized, *Error) {
	loc := c.c.Localizer(prefs...)
	e := asError(err)
	var a catalog.Answer
	if e == nil {
		a = loc.Unknown()
	} else {
		// A template that could not use its data still has text.
		a, _ = loc.Answer(int(e.Code), catalog.Params{Data: e.Params, Count: e.Count})
		if a.Unknown {
			e = nil
		}
	}
	return Localized{Code: Code(a.Code), Name: a.Name, Message: a.Text, Locale: a.Locale, Status: a.Status, Unknown: a.Unknown}, e
}

// asError returns the *Error err is or wraps, an *Error for a Code err is
// or wraps, or nil when err has neither (or a nil *Error). Walking the chain
// calls the chain's own Unwrap, Is and As methods, which a typed nil can
// make panic; such an error is answered as an unknown one.
func asError(err error) (found *Error) {
	defer func() {
		if recover() != nil {
			found = nil
		}
	}()
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var code Code
	if errors.As(err, &code) {
		return &Error{Code: code}
	}
	return nil
}

// Message returns the envelope of err for a request, its HTTP status and
// the locale that supplied the text. The request's languages are those of
// WithLanguage, then its Accept-Language header. err is a Code, an *Error,
// or anything wrapping one; any other error is answered by the catalog's
// unknown-error rule.
func (c *Catalog) Message(r *http.Request, err error) (env Envelope, status int, locale string) {
	l, e := c.answer(err, LanguageOf(r.Context()), catalog.AcceptLanguage(r.Header))
	env = Envelope{Message: l.Message, Code: l.Code}
	if e != nil {
		env.Data = e.Data
	}
	return env, l.Status, l.Locale
}

// WriteError writes err as an error response for r: the envelope, or an
// RFC 9457 problem when r's Accept header prefers application/problem+json
// to application/json; the code's HTTP status; Content-Language for the
// locale that supplied the text; and Vary for caches. It reports err to
// the catalog's Options.
func (c *Catalog) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	l, e := c.answer(err, LanguageOf(r.Context()), catalog.AcceptLanguage(r.Header))
	var data []byte
	if e != nil {
		data = marshalData(e.Data)
	}
	h := w.Header()
	var body []byte
	if wantsProblem(r.Header.Values("Accept")) {
		body = envelope.AppendProblem(make([]byte, 0, 256+2*len(l.Message)), envelope.Problem{
			Type:   c.problemType(l.Code),
			Title:  l.Message,
			Status: l.Status,
			Detail: l.Message,
			Code:   int(l.Code),
			Data:   data,
		})
		h.Set("Content-Type", "application/problem+json")
	} else {
		body = envelope.Append(nil, l.Message, int(l.Code), data)
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.Set("Content-Language", l.Locale)
	h["Vary"] = append(h["Vary"], "Accept-Language", "Accept")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(l.Status)
	w.Write(body)
	c.report(r.Context(), r, err, l)
}

// problemType is the "type" of a problem about code.
func (c *Catalog) problemType(code Code) string {
	base := c.opts.ProblemTypes
	if base == "" {
		base = "urn:errcat:code:"
	}
	return base + strconv.Itoa(int(code))
}

// Report passes err and how it was answered to the catalog's Logger and
// OnError, as WriteError does: for a transport errcat does not write
// itself, such as a gRPC interceptor or a queue consumer.
func (c *Catalog) Report(ctx context.Context, err error, answer Localized) {
	c.report(ctx, nil, err, answer)
}

func (c *Catalog) report(ctx context.Context, r *http.Request, err error, l Localized) {
	if log := c.opts.Logger; log != nil {
		level := slog.LevelInfo
		if l.Status >= 500 {
			level = slog.LevelError
		}
		if log.Enabled(ctx, level) {
			attrs := []slog.Attr{
				slog.Int("code", int(l.Code)), slog.String("name", l.Name), slog.Int("status", l.Status),
				slog.String("locale", l.Locale), slog.String("error", errorText(err)),
			}
			if r != nil {
				attrs = append(attrs, slog.String("method", r.Method), slog.String("path", r.URL.Path))
			}
			log.LogAttrs(ctx, level, "error answered", attrs...)
		}
	}
	if c.opts.OnError != nil {
		c.opts.OnError(ctx, err, l)
	}
}

func errorText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// marshalData returns the JSON of an envelope's data, or nil (null) when
// there is none or it cannot be encoded: data that fails to encode, even by
// panicking in its MarshalJSON, must not cost the client its message.
func marshalData(data any) (raw []byte) {
	if data == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			raw = nil
		}
	}()
	raw, err := json.Marshal(data)
	if err != nil {
		return nil
	}
	return raw
}

// WriteError writes err for r with the default catalog.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	Default().WriteError(w, r, err)
}

// Text returns the text of code for an Accept-Language value, from the
// default catalog: a convenience for logs and tests. A code the catalog
// does not have gets the unknown-error rule's text.
func Text(code Code, acceptLanguage string) string {
	return Default().Localize(code, acceptLanguage).Message
}

// wantsProblem reports whether Accept header values prefer
// application/problem+json to application/json: the first's quality is
// higher, each range counting as RFC 9110 §12.5.1 says (the most specific
// range that matches a type gives its quality). Equal qualities, or no
// Accept at all, get the envelope, the default.
//
// It reads at most maxAcceptRanges ranges, so that a hostile header costs
// no more than a real one.
func wantsProblem(values []string) bool {
	// Nearly every client sends no Accept, or one without problem+json:
	// they need no parsing.
	asks := false
	for _, v := range values {
		asks = asks || strings.Contains(v, "problem") || strings.Contains(v, "PROBLEM") || strings.Contains(v, "Problem")
	}
	if !asks {
		return false
	}
	// The quality of each type, by how specific the range that gave it
	// is: 0 for */*, 1 for application/*, 2 for the type itself; -1 for
	// no range yet.
	var q [2]float64
	spec := [2]int{-1, -1}
	n := 0
	for _, v := range values {
		for rng := range strings.SplitSeq(v, ",") {
			if n++; n > maxAcceptRanges {
				break
			}
			mt, params, _ := strings.Cut(rng, ";")
			mt = strings.ToLower(strings.TrimSpace(mt))
			qv, ok := quality(params)
			if !ok {
				continue
			}
			for i, name := range [2]string{"application/problem+json", "application/json"} {
				s := -1
				switch mt {
				case name:
					s = 2
				case "application/*":
					s = 1
				case "*/*":
					s = 0
				}
				if s > spec[i] {
					spec[i], q[i] = s, qv
				}
			}
		}
	}
	return spec[0] >= 0 && q[0] > q[1]
}

const maxAcceptRanges = 64

// quality returns the q parameter of a media range's parameters, 1 when
// it has none; ok is false for one that is not a valid qvalue.
func quality(params string) (q float64, ok bool) {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f > 1 || f != f {
			return 0, false
		}
		return f, true
	}
	return 1, true
}
