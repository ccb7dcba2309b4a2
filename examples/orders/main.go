// Command orders is a small orders API that answers its errors with its own
// errcat catalog: codes 5000 to 5004 in English, German and French
// (locales/), with their names and HTTP statuses in locales/codes.toml and
// typed constants in codes.go, generated from them:
//
//	go generate
//
// Run it with go run . and try
//
//	curl -i -H 'Accept-Language: de' localhost:8081/orders/404
//	curl -i -H 'Accept: application/problem+json' -H 'Accept-Language: fr' localhost:8081/orders/404
package main

//go:generate go run github.com/errcat/errcat/cmd/errcat generate --locales locales -o codes.go

import (
	"embed"
	"flag"
	"io/fs"
	"log"
	"log/slog"
	"net/http"
	"os"

	"github.com/errcat/errcat"
)

//go:embed locales/*.toml
var localesFS embed.FS

// loadCatalog loads the embedded catalog, logging each error's cause to
// log: the client only ever sees the localized message.
func loadCatalog(log *slog.Logger) (*errcat.Catalog, error) {
	sub, err := fs.Sub(localesFS, "locales")
	if err != nil {
		return nil, err
	}
	c, err := errcat.LoadFS(sub)
	if err != nil {
		return nil, err
	}
	return c.With(errcat.Options{Logger: log, ProblemTypes: "https://orders.example.com/problems/"}), nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "listen on `host:port`")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cat, err := loadCatalog(logger)
	if err != nil {
		log.Fatal(err)
	}
	// Code's String and Status, and the package-level errcat.WriteError,
	// answer from this catalog from now on.
	errcat.SetDefault(cat)
	logger.Info("listening", "addr", *addr)
	log.Fatal(http.ListenAndServe(*addr, NewAPI(cat, NewStore())))
}
