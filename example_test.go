package errcat_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/catalog"
)

// The examples load testdata/sample, a small catalog of their own with the
// shipped catalog's codes and names, so that their output stays as shown
// while the shipped texts change; a service loads its catalog the same way,
// or uses errcat.Default(), the embedded one.

var errNoRows = errors.New("no rows in result set")

// findUser stands in for a service's data layer.
func findUser(id string) (string, error) {
	if id == "42" {
		return "Ana", nil
	}
	return "", errcat.Wrap(errcat.UserNotFound, errNoRows)
}

// A handler returns its errors as codes; WriteError turns them into the
// localized envelope with the code's HTTP status.
func Example_handler() {
	c, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		name, err := findUser(r.PathValue("id"))
		if err != nil {
			c.WriteError(w, r, err)
			return
		}
		fmt.Fprintln(w, name)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/users/7", nil)
	req.Header.Set("Accept-Language", "zh-TW,zh;q=0.9,en;q=0.8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Language"))
	fmt.Print(string(body))
	// Output:
	// 404 zh-Hant
	// {"message":"使用者不存在","code":2004,"data":null}
}

// Data for the client goes in the envelope's data; the cause stays in logs.
func ExampleError() {
	c, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	e := &errcat.Error{
		Code: errcat.IncompleteParameters,
		Data: map[string]any{"missing": []string{"email"}},
		Err:  errors.New("validate: email is empty"),
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/users", nil)
	req.Header.Set("Accept-Language", "fr-CA,fr;q=0.9")
	c.WriteError(rec, req, e)
	fmt.Println(rec.Code, e)
	fmt.Print(rec.Body.String())
	// Output:
	// 400 errcat 2231 IncompleteParameters: validate: email is empty
	// {"message":"Paramètres de requête incomplets.","code":2231,"data":{"missing":["email"]}}
}

// A user's saved language goes before the browser's.
func ExampleWithLanguage() {
	c, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	req = req.WithContext(errcat.WithLanguage(req.Context(), "ja"))
	c.WriteError(rec, req, errcat.NotLoggedIn)
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 401 {"message":"ログインしていないため、このリクエストにアクセスする権限がありません。","code":2020,"data":null}
}

// The catalog resolves a code for any Accept-Language value, falling back
// through the caller's preferences, then English.
func ExampleCatalog_Catalog() {
	sample, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	c := sample.Catalog()
	for _, header := range []string{"pt-PT", "es-MX,es;q=0.9", "sw", "ko;q=0, ru;q=0.5"} {
		res, _ := c.Localizer(header).Localize(int(errcat.PasswordTooShort), catalog.Params{})
		fmt.Printf("%-16s %-5s %s\n", header, res.Locale, res.Text)
	}
	// Output:
	// pt-PT            pt-BR A senha deve ter pelo menos 6 caracteres.
	// es-MX,es;q=0.9   es    La contraseña debe tener al menos 6 caracteres.
	// sw               en    Password length cannot be less than 6 digits
	// ko;q=0, ru;q=0.5 ru    Пароль должен содержать не менее 6 символов.
}

// Text is a shortcut for logs and tests. It answers from the default
// catalog: the embedded one, or here the one a service installed.
func ExampleText() {
	c, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	errcat.SetDefault(c)
	defer errcat.SetDefault(nil)
	fmt.Println(errcat.Text(errcat.UserLocked, "de-DE,de;q=0.9"))
	// Output: Der Benutzer ist gesperrt.
}

// Callers that are not HTTP handlers (a queue consumer, a command line)
// get the same answer from Localize: the code, its name and status, and
// the text in the caller's language. An error outside the catalog is
// answered as the catalog's fallback code.
func ExampleCatalog_Localize() {
	c, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	l := c.Localize(errcat.Wrap(errcat.UserLocked, errNoRows), "de-CH, fr;q=0.5")
	fmt.Println(int(l.Code), l.Name, l.Status, l.Locale, l.Message)
	l = c.Localize(errors.New("disk full"), "ja")
	fmt.Println(int(l.Code), l.Name, l.Status, l.Locale, l.Message, l.Unknown)
	// Output:
	// 2005 UserLocked 403 de Der Benutzer ist gesperrt.
	// 1000 SystemBusy 503 ja システムが混み合っています。しばらくしてから再度お試しください。 true
}

// A client that asks for application/problem+json gets an RFC 9457
// problem: the code's text, localized, as title and detail, its status,
// the code as an extension member, and a type per code.
func ExampleCatalog_WriteError_problem() {
	sample, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	c := sample.With(errcat.Options{ProblemTypes: "https://api.example.com/errors/"})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.WriteError(w, r, errcat.UserNotFound)
	}))
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Accept", "application/problem+json, application/json;q=0.9")
	req.Header.Set("Accept-Language", "es-MX")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Language"))
	fmt.Print(string(body))
	// Output:
	// 404 application/problem+json es
	// {"type":"https://api.example.com/errors/2004","title":"El usuario no existe.","status":404,"detail":"El usuario no existe.","code":2004}
}

// Options.Logger logs each error with its cause; the client gets only the
// localized message.
func ExampleOptions_logger() {
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		// Drop the time, so that the example's output is stable.
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	sample, err := errcat.Load("testdata/sample")
	if err != nil {
		panic(err)
	}
	c := sample.With(errcat.Options{Logger: log})
	rec := httptest.NewRecorder()
	c.WriteError(rec, httptest.NewRequest("GET", "/users/7", nil), errcat.Wrap(errcat.UserNotFound, errNoRows))
	fmt.Print(rec.Body.String())
	// Output:
	// level=INFO msg="error answered" code=2004 name=UserNotFound status=404 locale=en error="errcat 2004 UserNotFound: no rows in result set" method=GET path=/users/7
	// {"message":"User does not exist","code":2004,"data":null}
}
