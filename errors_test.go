package errcat_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/errcat/errcat"
)

type panickyPtr struct{ n *int }

func (p *panickyPtr) MarshalJSON() ([]byte, error) { return []byte{byte(*p.n)}, nil }

type badStringer struct{ p *string }

func (b badStringer) String() string { return *b.p }

// wrapper is an error type whose methods dereference their receiver: a
// typed nil of it panics wherever the errors package walks the chain.
type wrapper struct{ inner error }

func (w *wrapper) Error() string { return "wrapped: " + w.inner.Error() }
func (w *wrapper) Unwrap() error { return w.inner }

// No error a handler passes to WriteError crashes it, over a real server: a
// typed nil *Error or a typed nil of an error type whose Unwrap panics is
// an unknown error (503, SystemBusy); data whose MarshalJSON panics is
// null; a template value whose String method panics is no value.
func TestWriteErrorNeverCrashes(t *testing.T) {
	var nilError *errcat.Error
	var nilWrapper *wrapper
	errs := map[string]error{
		"typed nil *Error":       nilError,
		"typed nil wrapper":      nilWrapper,
		"untyped nil":            nil,
		"panicking MarshalJSON":  &errcat.Error{Code: errcat.UserNotFound, Data: panicky{}},
		"nil pointer in Marshal": &errcat.Error{Code: errcat.UserNotFound, Data: &panickyPtr{}},
		"a wrapped nil *Error":   &wrapper{inner: nilError},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/{case}", func(w http.ResponseWriter, r *http.Request) {
		errcat.WriteError(w, r, errs[r.PathValue("case")])
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for name, want := range map[string]struct {
		status int
		code   errcat.Code
	}{
		"typed nil *Error":       {503, errcat.SystemBusy},
		"typed nil wrapper":      {503, errcat.SystemBusy},
		"untyped nil":            {503, errcat.SystemBusy},
		"panicking MarshalJSON":  {404, errcat.UserNotFound},
		"nil pointer in Marshal": {404, errcat.UserNotFound},
		"a wrapped nil *Error":   {503, errcat.SystemBusy},
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := http.Get(srv.URL + "/" + strings.ReplaceAll(name, " ", "%20"))
			if err != nil {
				t.Fatalf("the handler crashed the connection: %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var env struct {
				Message string
				Code    errcat.Code
				Data    json.RawMessage
			}
			if err := json.Unmarshal(body, &env); err != nil {
				t.Fatalf("body %s: %v", body, err)
			}
			if resp.StatusCode != want.status || env.Code != want.code || env.Message == "" || string(env.Data) != "null" {
				t.Errorf("%d %s, want %d with code %d and null data", resp.StatusCode, body, want.status, want.code)
			}
		})
	}
}

// A template value whose String method panics is no value: the field
// renders as nothing, by the catalog's rule for missing data, rather than
// as fmt's "%!v(PANIC=String method: …)".
func TestPanickingStringIsNoValue(t *testing.T) {
	c, err := errcat.Load("testdata/templated")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.WriteError(w, r, &errcat.Error{Code: 4001, Params: map[string]any{"Max": badStringer{}}})
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"message":"Must be at most  characters","code":4001,"data":null}`; strings.TrimSpace(string(body)) != want {
		t.Errorf("body %s, want %s", body, want)
	}
}
