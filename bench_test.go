package errcat_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/errcat/errcat"
)

// discard is a ResponseWriter that keeps nothing, so that the benchmark
// measures WriteError rather than a recorder's buffer.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkWriteError measures one error response of the embedded catalog:
// the envelope, and problem+json for a client that asks for it.
//
//	go test -run '^$' -bench WriteError -benchmem -count 6 . | tee new.txt
func BenchmarkWriteError(b *testing.B) {
	for _, bc := range []struct{ name, accept string }{
		{"envelope", ""},
		{"envelope-browser-accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
		{"problem", "application/problem+json"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := errcat.Default()
			r := httptest.NewRequest("GET", "/users/7", nil)
			r.Header.Set("Accept-Language", "ja,en-US;q=0.9")
			if bc.accept != "" {
				r.Header.Set("Accept", bc.accept)
			}
			w := &discard{h: http.Header{}}
			err := errcat.Wrap(errcat.UserNotFound, nil)
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				c.WriteError(w, r, err)
			}
		})
	}
}
