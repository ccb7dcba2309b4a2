package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/errcat/errcat"
)

// start serves the API over a real HTTP server on 127.0.0.1 and returns
// it, its store, and the log the catalog writes each error's cause to.
func start(t *testing.T) (*httptest.Server, *Store, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	cat, err := loadCatalog(slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	store := NewStore()
	srv := httptest.NewServer(NewAPI(cat, store))
	t.Cleanup(srv.Close)
	return srv, store, &logs
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func call(t *testing.T, srv *httptest.Server, method, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
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
	return response{resp.StatusCode, resp.Header, body}
}

// envelope is errcat's default error body.
type envelope struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Data    any    `json:"data"`
}

func envelopeOf(t *testing.T, r response) envelope {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q, want the envelope's", ct)
	}
	var env envelope
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	return env
}

// The API answers with its own catalog's statuses, codes and texts, in the
// seed's envelope by default; the log names each code by the name
// codes.toml gives it, with the cause the client never sees.
func TestOwnStatusesAndNames(t *testing.T) {
	srv, _, logs := start(t)
	tests := []struct {
		method, path, accept string
		status, code         int
		lang, message        string
		name                 string
	}{
		{"GET", "/orders/404", "de-DE,de;q=0.9", 404, 5001, "de", "Bestellung nicht gefunden.", "OrderNotFound"},
		{"POST", "/orders?quantity=50", "fr-CA", 422, 5003, "fr", "Vous pouvez commander au maximum 10 articles à la fois.", "QuantityTooLarge"},
		{"POST", "/orders/1/pay?card=declined", "en-GB", 402, 5004, "en", "Your payment was declined", "PaymentDeclined"},
	}
	for _, tt := range tests {
		r := call(t, srv, tt.method, tt.path, "Accept-Language", tt.accept)
		env := envelopeOf(t, r)
		if r.status != tt.status || env.Code != tt.code || env.Message != tt.message || r.header.Get("Content-Language") != tt.lang {
			t.Errorf("%s %s (%s): %d %s %s, want %d %s %s", tt.method, tt.path, tt.accept, r.status, r.header.Get("Content-Language"), r.body, tt.status, tt.lang, tt.message)
		}
	}
	if r := call(t, srv, "POST", "/orders/1/pay?card=ok"); r.status != 200 {
		t.Fatalf("paying order 1: %d %s", r.status, r.body)
	}
	if r := call(t, srv, "POST", "/orders/1/pay?card=ok", "Accept-Language", "de"); r.status != 409 || envelopeOf(t, r).Message != "Diese Bestellung wurde bereits bezahlt." {
		t.Errorf("paying twice: %d %s", r.status, r.body)
	}

	var names []string
	sc := bufio.NewScanner(logs)
	for sc.Scan() {
		var rec struct{ Name, Error string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		names = append(names, rec.Name)
		if rec.Name == "OrderNotFound" && !strings.Contains(rec.Error, `no order "404"`) {
			t.Errorf("the log lacks the cause: %q", rec.Error)
		}
	}
	if want := []string{"OrderNotFound", "QuantityTooLarge", "PaymentDeclined", "OrderAlreadyPaid"}; !slices.Equal(names, want) {
		t.Errorf("logged names %v, want %v", names, want)
	}
}

// The generated constants carry the catalog's names and statuses once the
// API's catalog is the default one, as main makes it.
func TestConstants(t *testing.T) {
	cat, err := loadCatalog(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	errcat.SetDefault(cat)
	t.Cleanup(func() { errcat.SetDefault(nil) })
	if OrderNotFound.String() != "OrderNotFound" || OrderNotFound.Status() != 404 || PaymentDeclined.Status() != 402 {
		t.Errorf("OrderNotFound is %s (%d), PaymentDeclined answers %d", OrderNotFound, OrderNotFound.Status(), PaymentDeclined.Status())
	}
}

// An error outside the catalog, here a database that cannot be reached,
// becomes the catalog's fallback code, with none of its detail.
func TestFallbackCode(t *testing.T) {
	srv, store, _ := start(t)
	store.Down = true
	r := call(t, srv, "GET", "/orders/1", "Accept-Language", "fr")
	env := envelopeOf(t, r)
	if r.status != 503 || env.Code != 5000 || env.Message != "Le service de commandes est indisponible. Veuillez réessayer plus tard." {
		t.Errorf("%d %s", r.status, r.body)
	}
	if bytes.Contains(r.body, []byte("connection refused")) {
		t.Error("the cause reached the client")
	}
}

// A client that asks for application/problem+json gets RFC 9457 problem
// details with the same code, text and status.
func TestProblemJSON(t *testing.T) {
	srv, _, _ := start(t)
	r := call(t, srv, "POST", "/orders?quantity=0", "Accept", "application/problem+json", "Accept-Language", "de")
	if r.status != 422 || r.header.Get("Content-Type") != "application/problem+json" || r.header.Get("Content-Language") != "de" {
		t.Fatalf("%d %v %s", r.status, r.header, r.body)
	}
	var p struct {
		Type   string         `json:"type"`
		Title  string         `json:"title"`
		Status int            `json:"status"`
		Detail string         `json:"detail"`
		Code   int            `json:"code"`
		Data   map[string]int `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatal(err)
	}
	text := "Sie können höchstens 10 Artikel auf einmal bestellen."
	if p.Type != "https://orders.example.com/problems/5003" || p.Title != text || p.Detail != text || p.Status != 422 || p.Code != 5003 || p.Data["max"] != 10 {
		t.Errorf("problem %+v", p)
	}
	// application/json first: the envelope.
	r = call(t, srv, "POST", "/orders?quantity=0", "Accept", "application/json, application/problem+json;q=0.5")
	if env := envelopeOf(t, r); env.Code != 5003 {
		t.Errorf("envelope %+v", env)
	}
}

// French lacks 5004: a French caller who also reads German gets it in
// German, and the rest in French, message by message.
func TestFallbackThroughTheSecondPreference(t *testing.T) {
	srv, _, _ := start(t)
	for _, tt := range []struct {
		method, path, lang, message string
	}{
		{"POST", "/orders/1/pay?card=declined", "de", "Ihre Zahlung wurde abgelehnt."},
		{"GET", "/orders/404", "fr", "Commande introuvable."},
	} {
		r := call(t, srv, tt.method, tt.path, "Accept-Language", "fr-FR, fr;q=0.9, de;q=0.5")
		if env := envelopeOf(t, r); env.Message != tt.message || r.header.Get("Content-Language") != tt.lang {
			t.Errorf("%s: %s %q, want %s %q", tt.path, r.header.Get("Content-Language"), env.Message, tt.lang, tt.message)
		}
	}
	// Without German among the preferences, English, the source.
	r := call(t, srv, "POST", "/orders/1/pay?card=declined", "Accept-Language", "fr")
	if env := envelopeOf(t, r); env.Message != "Your payment was declined" || r.header.Get("Content-Language") != "en" {
		t.Errorf("fr alone: %s %s", r.header.Get("Content-Language"), r.body)
	}
}

// codes.go is what its go:generate line writes: the test runs that line's
// command, writing to standard output.
func TestGeneratedUpToDate(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for line := range strings.SplitSeq(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, "//go:generate go "); ok {
			args = strings.Fields(rest)
		}
	}
	i := slices.Index(args, "-o")
	if i < 0 {
		t.Fatalf("no go:generate line with -o in main.go")
	}
	file := args[i+1]
	args = slices.Delete(args, i, i+2)
	cmd := exec.Command(gobin, args...)
	cmd.Env = append(os.Environ(), "GOPACKAGE=main")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Fatalf("%s is out of date: run go generate", file)
	}
}
