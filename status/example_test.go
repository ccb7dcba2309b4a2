package status_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
	"github.com/errcat/errcat/status"
)

// A service that keeps its own catalog can mount the status pages under a
// prefix of its own mux. errcat serve mounts them at / beside the API.
func ExampleNew() {
	c, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		panic(err)
	}
	var current atomic.Pointer[catalog.Catalog] // swapped on reload
	current.Store(c)

	mux := http.NewServeMux()
	mux.Handle("/translations/", http.StripPrefix("/translations", status.New(current.Load)))

	for _, path := range []string{"/translations/", "/translations/codes/2004", "/translations/codes/9999"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		title := rec.Body.String()
		title = title[strings.Index(title, "<title>")+7 : strings.Index(title, "</title>")]
		fmt.Println(rec.Code, path, title)
	}
	// Output:
	// 200 /translations/ Translation status · errcat
	// 200 /translations/codes/2004 Code 2004 · errcat
	// 404 /translations/codes/9999 No such code · errcat
}
