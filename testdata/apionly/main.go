// Command apionly is the smallest service errcat serves: one handler that
// writes a localized error. layout_test.go lists what it links, to hold the
// rule that the runtime never carries the translator's tools.
package main

import (
	"net/http"

	"github.com/errcat/errcat"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		errcat.WriteError(w, r, errcat.UserNotFound)
	})
	http.ListenAndServe("127.0.0.1:0", nil)
}
