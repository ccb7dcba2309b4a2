package server

import (
	"net/http"
	"strconv"
	"testing"
)

// discardWriter is a ResponseWriter that keeps nothing but its header map,
// reset between requests as net/http would give a fresh one: the
// benchmarks measure the handlers, not a recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

func benchmarkHandler(b *testing.B, h http.Handler, path, accept string) {
	req, err := http.NewRequest("GET", path, nil)
	if err != nil {
		b.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept-Language", accept)
	}
	w := &discardWriter{h: make(http.Header, 8)}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

// BenchmarkMessage is GET /v1/errors/{code} through the whole handler:
// routing, instrumentation, resolution and the JSON body.
func BenchmarkMessage(b *testing.B) {
	srv := New(Config{Catalog: embedded(b)})
	b.Run("header", func(b *testing.B) {
		benchmarkHandler(b, srv, "/v1/errors/2004", "ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")
	})
	b.Run("lang", func(b *testing.B) {
		benchmarkHandler(b, srv, "/v1/errors/2004?lang=zh-TW", "")
	})
	b.Run("none", func(b *testing.B) {
		benchmarkHandler(b, srv, "/v1/errors/2004", "")
	})
}

// BenchmarkBare is the floor BenchmarkMessage is measured against: a
// ServeMux route whose handler writes a fixed envelope with the same
// headers and does nothing else.
func BenchmarkBare(b *testing.B) {
	body := []byte(`{"message":"ユーザーが存在しません。","code":2004,"data":null}` + "\n")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/errors/{code}", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Language", "ja")
		h.Set("Vary", "Accept-Language")
		h.Set("Etag", `"v-ja-2004"`)
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	benchmarkHandler(b, mux, "/v1/errors/2004", "ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")
}

// BenchmarkList is GET /v1/errors: every code in one locale.
func BenchmarkList(b *testing.B) {
	srv := New(Config{Catalog: embedded(b)})
	benchmarkHandler(b, srv, "/v1/errors?lang=ja", "")
}
