// Package errcat localizes API error responses.
//
// A service returns errors as a small JSON envelope whose code is a stable
// key clients rely on and whose message must reach each user in their
// language:
//
//	{"message": "ユーザーが存在しません。", "code": 2004, "data": null}
//
// errcat holds every code of the product's error table (the constants in
// codes.go, such as UserNotFound) with its HTTP status and its text in every
// shipped language, embedded in the binary. A handler returns or wraps a
// Code, and WriteError writes the envelope in the caller's language:
//
//	if u == nil {
//		errcat.WriteError(w, r, errcat.UserNotFound)
//		return
//	}
//
// The language comes from an explicit choice set with WithLanguage (say, the
// user's saved setting), then the request's Accept-Language header, then
// English, message by message: a code missing from the caller's first
// language is taken from their next one. A known code always gets text.
//
// The catalog itself, its loading, checks and resolution, is package
// errcat/catalog; the bundles are in errcat/locales.
package errcat

//go:generate go run ./internal/gencodes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"sync"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/envelope"
	"github.com/errcat/errcat/locales"
)

// A Code is an API error code, the stable key of a message. Code implements
// error, so a handler can return one directly.
type Code int

// String returns the code's Go name ("UserNotFound"), or "Code(n)" for a
// code errcat does not define.
func (c Code) String() string {
	if info, ok := codeInfo[c]; ok {
		return info.name
	}
	return "Code(" + strconv.Itoa(int(c)) + ")"
}

// Status returns the HTTP status a service answers the code with, or 500
// for a code errcat does not define.
func (c Code) Status() int {
	if info, ok := codeInfo[c]; ok {
		return info.status
	}
	return http.StatusInternalServerError
}

// Error makes a Code an error: "errcat 2004 UserNotFound".
func (c Code) Error() string { return "errcat " + strconv.Itoa(int(c)) + " " + c.String() }

// Known reports whether errcat defines the code.
func (c Code) Known() bool {
	_, ok := codeInfo[c]
	return ok
}

// An Error is a Code with what a response needs beyond its text: data for
// the envelope, parameters for a templated message, a count that selects a
// plural form, and the underlying cause for logs (never sent to clients).
// errors.As finds it through wrapping, and errors.Is(err, UserNotFound)
// matches an *Error with that code.
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
	if e.Err != nil {
		return e.Code.Error() + ": " + e.Err.Error()
	}
	return e.Code.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is this error's Code.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && c == e.Code
}

// Envelope is the JSON body of an error response. Its fields are in the
// order clients see them.
type Envelope struct {
	Message string `json:"message"`
	Code    Code   `json:"code"`
	Data    any    `json:"data"`
}

// A Catalog is a loaded, immutable message catalog.
type Catalog struct {
	c *catalog.Catalog
}

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := LoadFS(locales.FS)
	if err != nil {
		// The embedded bundles are checked by errcat's tests; reaching
		// this means the binary was built from a broken tree.
		panic("errcat: embedded catalog: " + err.Error())
	}
	return c
})

// Default returns the catalog embedded in the binary.
func Default() *Catalog { return defaultCatalog() }

// Load loads the bundles in dir, such as a translator's working copy of
// locales/. The error lists every problem found, with file and line.
func Load(dir string) (*Catalog, error) {
	c, err := catalog.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	return &Catalog{c: c}, nil
}

// LoadFS loads the bundles at the top of fsys.
func LoadFS(fsys fs.FS) (*Catalog, error) {
	c, err := catalog.Load(fsys, "locales")
	if err != nil {
		return nil, err
	}
	return &Catalog{c: c}, nil
}

// Catalog returns the underlying catalog, for checks and lower-level
// resolution.
func (c *Catalog) Catalog() *catalog.Catalog { return c.c }

type langKey struct{}

// WithLanguage returns a context whose requests prefer lang (a language tag,
// or a list like an Accept-Language value) over their Accept-Language
// header: for example a user's saved language.
func WithLanguage(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

func languageOf(ctx context.Context) string {
	s, _ := ctx.Value(langKey{}).(string)
	return s
}

// Message returns the text of err for a request, and the locale that
// supplied it. err is a Code, an *Error, or anything wrapping one; any
// other error is answered as SystemBusy, so that no internal detail reaches
// a client.
func (c *Catalog) Message(r *http.Request, err error) (env Envelope, status int, locale string) {
	e := asError(err)
	if !c.c.Has(int(e.Code)) {
		// A code outside the catalog means nothing to a client.
		e = &Error{Code: SystemBusy}
	}
	loc := c.c.Localizer(languageOf(r.Context()), r.Header.Get("Accept-Language"))
	res, rerr := loc.Localize(int(e.Code), catalog.Params{Data: e.Params, Count: e.Count})
	_ = rerr // a template that could not use its data still has text
	return Envelope{Message: res.Text, Code: e.Code, Data: e.Data}, e.Code.Status(), res.Locale
}

// asError finds the *Error or Code in err's chain. Walking the chain calls
// the chain's own Unwrap, Is and As methods, which a typed nil can make
// panic; such an error is answered as an unknown one.
func asError(err error) (found *Error) {
	defer func() {
		if recover() != nil {
			found = &Error{Code: SystemBusy}
		}
	}()
	var e *Error
	if errors.As(err, &e) && e != nil {
		return e
	}
	var code Code
	if errors.As(err, &code) {
		return &Error{Code: code}
	}
	return &Error{Code: SystemBusy, Err: err}
}

// WriteError writes err as an error response for r: the envelope, the
// code's HTTP status, Content-Language for the locale that supplied the
// text, and Vary: Accept-Language for caches.
func (c *Catalog) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	env, status, locale := c.Message(r, err)
	body := envelope.Append(nil, env.Message, int(env.Code), marshalData(env.Data))
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Language", locale)
	h.Add("Vary", "Accept-Language")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
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

// WriteError writes err for r with the embedded catalog.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	Default().WriteError(w, r, err)
}

// Text returns the text of code for an Accept-Language value, from the
// embedded catalog: a convenience for logs and tests.
func Text(code Code, acceptLanguage string) string {
	res, err := Default().c.Localizer(acceptLanguage).Localize(int(code), catalog.Params{})
	if err != nil {
		return fmt.Sprintf("errcat: unknown code %d", int(code))
	}
	return res.Text
}
