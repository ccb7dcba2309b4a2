package server_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/server"
)

func ExampleNew() {
	// The example's own small catalog, so that its output stays as shown
	// while the shipped texts change; errcat serve loads locales.FS, or a
	// folder, the same way.
	c, err := catalog.LoadDir("../testdata/sample")
	if err != nil {
		panic(err)
	}
	srv := server.New(server.Config{Catalog: c})

	req := httptest.NewRequest("GET", "/v1/errors/2004", nil)
	req.Header.Set("Accept-Language", "zh-TW, en;q=0.5")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)

	fmt.Println(rec.Code, rec.Header().Get("Content-Language"))
	fmt.Print(rec.Body)
	// Output:
	// 200 zh-Hant
	// {"message":"使用者不存在","code":2004,"data":null}
}
