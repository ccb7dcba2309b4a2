package errcat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/catalog"
)

// shop writes a small catalog of another API into a new folder and returns
// the folder: its own codes, names and statuses, a fallback code, and
// German beside the English source. facts replaces its codes.toml; "-"
// leaves it out.
func shop(t *testing.T, facts string) string {
	t.Helper()
	dir := t.TempDir()
	if facts == "" {
		facts = "source = \"en\"\nfallback = 5000\n\n" +
			"5000 = { name = \"ShopUnavailable\", status = 503 }\n" +
			"5001 = { name = \"OrderNotFound\", status = 404 }\n" +
			"5003 = { name = \"BasketTooLarge\", status = 422 }\n"
	}
	files := map[string]string{
		"en.toml": "[\"5000\"]\nother = \"The shop is unavailable\"\n\n[\"5001\"]\nother = \"Order not found\"\n\n" +
			"[\"5002\"]\nother = \"The order was already paid\"\n\n[\"5003\"]\nother = \"A basket holds at most {{.Max}} items\"\n",
		"de.toml": "[\"5000\"]\nother = \"Der Shop ist nicht erreichbar.\"\n\n[\"5001\"]\nother = \"Bestellung nicht gefunden.\"\n\n" +
			"[\"5003\"]\nother = \"Ein Warenkorb fasst höchstens {{.Max}} Artikel.\"\n",
	}
	if facts != "-" {
		files[catalog.FactsFile] = facts
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func loadShop(t *testing.T, facts string) *errcat.Catalog {
	t.Helper()
	c, err := errcat.Load(shop(t, facts))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

// get sends a real request to srv with the given headers, name and value
// in turn.
func get(t *testing.T, srv *httptest.Server, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

// errorServer serves, at /{case}, the error errs[case] through c.
func errorServer(t *testing.T, c *errcat.Catalog, errs map[string]error) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.WriteError(w, r, errs[strings.TrimPrefix(r.URL.Path, "/")])
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A service with its own catalog answers with its own statuses and names,
// and anything outside it (a plain error, a code of the seed catalog) with
// its fallback code.
func TestOwnCatalogOverHTTP(t *testing.T) {
	c := loadShop(t, "")
	srv := errorServer(t, c, map[string]error{
		"missing":  errcat.Wrap(5001, errors.New("no rows")),
		"paid":     errcat.Code(5002),
		"basket":   &errcat.Error{Code: 5003, Params: map[string]any{"Max": 20}},
		"plain":    errors.New("dial tcp: connection refused"),
		"seed":     errcat.UserNotFound, // 2004 is the seed's, not this catalog's
		"wrapped":  fmt.Errorf("handler: %w", errcat.Code(5001)),
		"nilerror": nil,
	})
	tests := []struct {
		path, accept, lang string
		status             int
		body               string
	}{
		{"/missing", "de", "de", 404, `{"message":"Bestellung nicht gefunden.","code":5001,"data":null}`},
		{"/wrapped", "fr, de;q=0.5", "de", 404, `{"message":"Bestellung nicht gefunden.","code":5001,"data":null}`},
		// 5002 has no facts: status 500; German lacks it: English.
		{"/paid", "de", "en", 500, `{"message":"The order was already paid","code":5002,"data":null}`},
		{"/basket", "de", "de", 422, `{"message":"Ein Warenkorb fasst höchstens 20 Artikel.","code":5003,"data":null}`},
		{"/plain", "de", "de", 503, `{"message":"Der Shop ist nicht erreichbar.","code":5000,"data":null}`},
		{"/seed", "en", "en", 503, `{"message":"The shop is unavailable","code":5000,"data":null}`},
		{"/nilerror", "", "en", 503, `{"message":"The shop is unavailable","code":5000,"data":null}`},
	}
	for _, tt := range tests {
		r := get(t, srv, tt.path, "Accept-Language", tt.accept)
		if r.status != tt.status || strings.TrimSpace(r.body) != tt.body || r.header.Get("Content-Language") != tt.lang {
			t.Errorf("%s (%s): %d %s %s\nwant %d %s %s", tt.path, tt.accept, r.status, r.header.Get("Content-Language"), r.body, tt.status, tt.lang, tt.body)
		}
	}
	for code, want := range map[errcat.Code]string{5001: "OrderNotFound", 5002: "OrderWasAlreadyPaid", 2004: "Code(2004)"} {
		if got := c.Name(code); got != want {
			t.Errorf("Name(%d) = %s, want %s", code, got, want)
		}
	}
	if c.Status(5001) != 404 || c.Status(2004) != 503 || !c.Known(5002) || c.Known(2004) {
		t.Error("Status or Known do not answer from the catalog")
	}
}

// A catalog without a fallback code answers what it lacks with the
// built-in English text and 500: never an empty message or locale.
func TestNoFallbackOverHTTP(t *testing.T) {
	for _, facts := range []string{"-", "5001 = { name = \"OrderNotFound\", status = 404 }\n"} {
		c := loadShop(t, facts)
		srv := errorServer(t, c, map[string]error{"plain": errors.New("boom"), "seed": errcat.UserNotFound})
		for _, path := range []string{"/plain", "/seed"} {
			r := get(t, srv, path, "Accept-Language", "de")
			want := fmt.Sprintf(`{"message":%q,"code":0,"data":null}`, catalog.UnknownText)
			if r.status != 500 || strings.TrimSpace(r.body) != want || r.header.Get("Content-Language") != "en" {
				t.Errorf("%s: %d %q %s", path, r.status, r.header.Get("Content-Language"), r.body)
			}
		}
	}
}

// Localize answers callers that are not HTTP handlers by the same rules.
func TestLocalize(t *testing.T) {
	c := loadShop(t, "")
	tests := []struct {
		name  string
		err   error
		prefs []string
		want  errcat.Localized
	}{
		{"a code", errcat.Code(5001), []string{"de-AT"},
			errcat.Localized{Code: 5001, Name: "OrderNotFound", Message: "Bestellung nicht gefunden.", Locale: "de", Status: 404}},
		{"a second preference", errcat.Code(5001), []string{"", "fr, de;q=0.1"},
			errcat.Localized{Code: 5001, Name: "OrderNotFound", Message: "Bestellung nicht gefunden.", Locale: "de", Status: 404}},
		{"an *Error with parameters", &errcat.Error{Code: 5003, Params: map[string]any{"Max": 3}}, []string{"en"},
			errcat.Localized{Code: 5003, Name: "BasketTooLarge", Message: "A basket holds at most 3 items", Locale: "en", Status: 422}},
		{"a plain error", errors.New("secret detail"), []string{"de"},
			errcat.Localized{Code: 5000, Name: "ShopUnavailable", Message: "Der Shop ist nicht erreichbar.", Locale: "de", Status: 503, Unknown: true}},
		{"a typed nil", (*errcat.Error)(nil), nil,
			errcat.Localized{Code: 5000, Name: "ShopUnavailable", Message: "The shop is unavailable", Locale: "en", Status: 503, Unknown: true}},
	}
	for _, tt := range tests {
		if got := c.Localize(tt.err, tt.prefs...); got != tt.want {
			t.Errorf("%s: %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// SetDefault makes a service's own catalog the one the package-level
// functions and Code's methods answer from.
func TestSetDefault(t *testing.T) {
	c := loadShop(t, "")
	errcat.SetDefault(c)
	t.Cleanup(func() { errcat.SetDefault(nil) })
	if got := errcat.Code(5001).String(); got != "OrderNotFound" {
		t.Errorf("String() = %s", got)
	}
	if got := errcat.Code(5001).Error(); got != "errcat 5001 OrderNotFound" {
		t.Errorf("Error() = %s", got)
	}
	if errcat.Code(5001).Status() != 404 || errcat.Code(2004).Known() {
		t.Error("Code's methods do not answer from the installed catalog")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		errcat.WriteError(w, r, errcat.Code(5001))
	}))
	defer srv.Close()
	if r := get(t, srv, "/", "Accept-Language", "de"); r.status != 404 || !strings.Contains(r.body, "Bestellung") {
		t.Errorf("WriteError with the installed catalog: %d %s", r.status, r.body)
	}
	errcat.SetDefault(nil)
	if errcat.Code(2004).String() != "UserNotFound" {
		t.Error("SetDefault(nil) does not restore the embedded catalog")
	}
}

// problem is an application/problem+json body.
type problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail"`
	Code   int            `json:"code"`
	Data   map[string]any `json:"data"`
}

// A client whose Accept prefers application/problem+json to
// application/json gets an RFC 9457 problem; every other client gets the
// envelope.
func TestProblemJSON(t *testing.T) {
	c := loadShop(t, "")
	srv := errorServer(t, c, map[string]error{
		"missing": &errcat.Error{Code: 5001, Data: map[string]any{"order": "A-17"}, Err: errors.New("no rows")},
	})
	tests := []struct {
		accept  []string
		problem bool
	}{
		{[]string{"application/problem+json"}, true},
		{[]string{"APPLICATION/Problem+JSON"}, true},
		{[]string{"application/problem+json, application/json;q=0.9"}, true},
		{[]string{"application/json;q=0.5, application/problem+json;q=0.6"}, true},
		{[]string{"application/*;q=0.8, application/problem+json"}, true},
		{[]string{"text/html, application/problem+json;q=0.9"}, true},
		{[]string{"application/json;q=0.4", "application/problem+json"}, true},
		{nil, false},
		{[]string{"application/json"}, false},
		{[]string{"application/json, application/problem+json"}, false},
		{[]string{"*/*"}, false},
		{[]string{"application/problem+json;q=0"}, false},
		{[]string{"application/problem+json;q=2"}, false},
		{[]string{"application/problem+json;q=0.5, */*"}, false},
		{[]string{strings.Repeat("text/plain, ", 100) + "application/problem+json"}, false},
	}
	for _, tt := range tests {
		var header []string
		for _, a := range tt.accept {
			header = append(header, "Accept", a)
		}
		r := get(t, srv, "/missing", append(header, "Accept-Language", "de")...)
		if r.status != 404 || r.header.Get("Content-Language") != "de" || !slices.Contains(r.header.Values("Vary"), "Accept") {
			t.Errorf("Accept %q: %d, headers %v", tt.accept, r.status, r.header)
		}
		ct := r.header.Get("Content-Type")
		if !tt.problem {
			if ct != "application/json; charset=utf-8" || !strings.HasPrefix(r.body, `{"message":"Bestellung nicht gefunden.","code":5001,"data":{"order":"A-17"}}`) {
				t.Errorf("Accept %q: %s %s, want the envelope", tt.accept, ct, r.body)
			}
			continue
		}
		var p problem
		if err := json.Unmarshal([]byte(r.body), &p); err != nil || ct != "application/problem+json" {
			t.Errorf("Accept %q: %s %s, %v", tt.accept, ct, r.body, err)
			continue
		}
		want := problem{Type: "urn:errcat:code:5001", Title: "Bestellung nicht gefunden.", Status: 404, Detail: "Bestellung nicht gefunden.", Code: 5001, Data: map[string]any{"order": "A-17"}}
		if fmt.Sprint(p) != fmt.Sprint(want) || strings.Contains(r.body, "no rows") {
			t.Errorf("Accept %q: %+v\nwant %+v", tt.accept, p, want)
		}
	}

	// A service names its problem types; an unknown error is a problem
	// of its fallback code, without data.
	c = c.With(errcat.Options{ProblemTypes: "https://shop.example/problems/"})
	srv = errorServer(t, c, map[string]error{"plain": &errcat.Error{Code: 9, Data: "secret"}})
	r := get(t, srv, "/plain", "Accept", "application/problem+json")
	if r.status != 503 || strings.TrimSpace(r.body) != `{"type":"https://shop.example/problems/5000","title":"The shop is unavailable","status":503,"detail":"The shop is unavailable","code":5000}` {
		t.Errorf("the fallback as a problem: %d %s", r.status, r.body)
	}
}

// The log hook sees each error's cause; the client never does.
func TestLogHook(t *testing.T) {
	var logs bytes.Buffer
	type seen struct {
		err    error
		answer errcat.Localized
	}
	var calls []seen
	c := loadShop(t, "").With(errcat.Options{
		Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
		OnError: func(ctx context.Context, err error, a errcat.Localized) {
			if ctx == nil {
				t.Error("OnError without a context")
			}
			calls = append(calls, seen{err, a})
		},
	})
	cause := errors.New("orders table: connection refused")
	srv := errorServer(t, c, map[string]error{"missing": errcat.Wrap(5001, cause), "plain": cause})
	for _, path := range []string{"/missing", "/plain"} {
		if r := get(t, srv, path); strings.Contains(r.body, "connection refused") {
			t.Errorf("%s: the cause reached the client: %s", path, r.body)
		}
	}
	var records []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		records = append(records, rec)
	}
	if len(records) != 2 {
		t.Fatalf("%d log records, want 2:\n%s", len(records), logs.String())
	}
	for i, want := range []struct {
		level, err, path string
		code, status     float64
	}{
		{"INFO", "errcat 5001 OrderNotFound: orders table: connection refused", "/missing", 5001, 404},
		{"ERROR", "orders table: connection refused", "/plain", 5000, 503},
	} {
		rec := records[i]
		if rec["level"] != want.level || rec["error"] != want.err || rec["path"] != want.path || rec["code"] != want.code || rec["status"] != want.status || rec["method"] != "GET" {
			t.Errorf("record %d: %v, want %+v", i, rec, want)
		}
	}
	if len(calls) != 2 || !errors.Is(calls[0].err, cause) || calls[1].answer.Code != 5000 || !calls[1].answer.Unknown {
		t.Errorf("OnError calls: %+v", calls)
	}
}

type panicky struct{}

func (panicky) MarshalJSON() ([]byte, error) { panic("MarshalJSON exploded") }

type failing struct{}

func (failing) MarshalJSON() ([]byte, error) { return nil, errors.New("cannot encode") }

// A typed nil *Error and data that cannot be encoded are answered, not
// crashed: the client gets its message, the server stays up.
func TestHostileErrorsAreAnswered(t *testing.T) {
	c := errcat.Default()
	var nilErr *errcat.Error
	srv := errorServer(t, c, map[string]error{
		"typed-nil":   nilErr,
		"wrapped-nil": fmt.Errorf("handler: %w", nilErr),
		"panics":      &errcat.Error{Code: errcat.UserNotFound, Data: panicky{}},
		"fails":       &errcat.Error{Code: errcat.UserNotFound, Data: failing{}},
		"channel":     &errcat.Error{Code: errcat.UserNotFound, Data: make(chan int)},
	})
	fallback, notFound := errcat.Text(errcat.SystemBusy, "ja"), errcat.Text(errcat.UserNotFound, "ja")
	for _, tt := range []struct {
		path, body string
		status     int
	}{
		{"/typed-nil", `{"message":"` + fallback + `","code":1000,"data":null}`, 503},
		{"/wrapped-nil", `{"message":"` + fallback + `","code":1000,"data":null}`, 503},
		{"/panics", `{"message":"` + notFound + `","code":2004,"data":null}`, 404},
		{"/fails", `{"message":"` + notFound + `","code":2004,"data":null}`, 404},
		{"/channel", `{"message":"` + notFound + `","code":2004,"data":null}`, 404},
	} {
		for _, accept := range []string{"", "application/problem+json"} {
			r := get(t, srv, tt.path, "Accept-Language", "ja", "Accept", accept)
			if r.status != tt.status {
				t.Errorf("%s (%s): %d %s", tt.path, accept, r.status, r.body)
			}
			if accept == "" && strings.TrimSpace(r.body) != tt.body {
				t.Errorf("%s: %s\nwant %s", tt.path, r.body, tt.body)
			}
			if accept != "" && (!json.Valid([]byte(r.body)) || strings.Contains(r.body, `"data"`)) {
				t.Errorf("%s as a problem: %s", tt.path, r.body)
			}
		}
	}
	if nilErr.Error() != "errcat: nil *Error" || nilErr.Unwrap() != nil || errors.Is(nilErr, errcat.UserNotFound) {
		t.Error("a nil *Error's methods")
	}
}

// HTTP-only users do not compile gRPC: the root package imports neither it
// nor the translator tooling.
func TestRootDependencies(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"google.golang.org/grpc", "google.golang.org/genproto", "github.com/errcat/errcat/grpcerr",
			"github.com/errcat/errcat/catalog/coverage", "github.com/errcat/errcat/catalog/lint", "github.com/errcat/errcat/catalog/workfile"} {
			if pkg == banned || strings.HasPrefix(pkg, banned+"/") {
				t.Errorf("the root package depends on %s", pkg)
			}
		}
	}
}
