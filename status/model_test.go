package status

import (
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
)

// The model is built once per catalog, however many requests ask for it at
// once, and again when the snapshot changes.
func TestModelIsBuiltOncePerCatalog(t *testing.T) {
	a, err := catalog.LoadDir("testdata/locales")
	if err != nil {
		t.Fatal(err)
	}
	b, err := catalog.LoadDir("testdata/locales")
	if err != nil {
		t.Fatal(err)
	}
	var cur atomic.Pointer[catalog.Catalog]
	s := New(cur.Load)
	if s.model() != nil {
		t.Fatal("a model without a catalog")
	}
	for _, c := range []*catalog.Catalog{a, b, a} {
		cur.Store(c)
		models := make([]*model, 16)
		var wg sync.WaitGroup
		for i := range models {
			wg.Go(func() { models[i] = s.model() })
		}
		wg.Wait()
		for _, m := range models {
			if m != models[0] {
				t.Fatal("concurrent requests for one catalog got different models")
			}
		}
		if models[0].cat != c {
			t.Fatal("the model is not the current catalog's")
		}
		if s.model() != models[0] {
			t.Fatal("the model was built again for the same catalog")
		}
	}
}

// The pages of a catalog already seen cost a render, not a model: this is
// what a request to / or /codes/{code} costs once the model is built.
func BenchmarkPages(b *testing.B) {
	c, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		b.Fatal(err)
	}
	s := New(func() *catalog.Catalog { return c })
	for _, path := range []string{"/", "/?locale=ja&state=problems", "/?q=password", "/codes/2004"} {
		b.Run(path, func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			build(c)
		}
	})
}
