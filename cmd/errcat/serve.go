package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
	"github.com/errcat/errcat/server"
	"github.com/errcat/errcat/status"
)

// embeddedMaxAge is how long caches may reuse a response of the embedded
// catalog, which changes only with a new binary. A watched directory changes
// at any moment, so its responses are revalidated each time (no-cache, with
// the ETag).
const embeddedMaxAge = time.Minute

func runServe(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `host:port`; port 0 picks a free port")
	dir := fs.String("locales", "", "serve the bundles in `DIR` and reload them when they change, instead of the embedded catalog")
	accessLog := fs.Bool("access-log", false, "log one line a request")
	poll := fs.Duration("poll", 0, "with --locales, also look for changes every `DURATION`, for file systems that send no change events (NFS, some container volumes); 0 looks every 10s, and every second while events do not work")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: errcat serve [--addr 127.0.0.1:8080] [--locales DIR [--poll DURATION]] [--access-log]")
		fmt.Fprintln(fs.Output())
		fmt.Fprintln(fs.Output(), "Serves GET /v1/errors/{code}, /v1/errors, /v1/locales, /healthz, /readyz and /metrics,")
		fmt.Fprintln(fs.Output(), "and the translation status page at / (and /codes/{code}).")
		fmt.Fprintln(fs.Output())
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "errcat serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}

	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	// The status pages read the catalog the server serves, through srv,
	// which exists once New returns: the closure runs only on requests.
	var srv *server.Server
	pages := status.New(func() *catalog.Catalog { return srv.Catalog() })
	// The pages say when the folder's watch is lost, as /readyz does.
	pages.Watch = func() string { return srv.WatchState().String() }
	cfg := server.Config{Logger: log, AccessLog: *accessLog, Pages: pages}
	var (
		cat *catalog.Catalog
		err error
	)
	if *dir == "" {
		cat, err = catalog.Load(locales.FS, "locales")
		cfg.MaxAge = embeddedMaxAge
	} else {
		cat, err = catalog.LoadDir(*dir)
	}
	if err != nil {
		reportLoadError(e.stderr, "serve", cmp.Or(*dir, "locales"), err)
		return exitUsage
	}
	cfg.Catalog = cat
	srv = server.New(cfg)
	srv.LogWarnings(cmp.Or(*dir, "locales"), cat)

	source := "embedded"
	if *dir != "" {
		w, err := srv.WatchWith(*dir, server.WatchOptions{Poll: *poll})
		if err != nil {
			fmt.Fprintf(e.stderr, "errcat serve: watch %s: %v\n", *dir, err)
			return exitProblems
		}
		defer w.Close()
		source = *dir
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "errcat serve: %v\n", err)
		return exitProblems
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String(),
		"locales", source, "version", cat.Version(), "codes", len(cat.Codes()), "languages", len(cat.Locales()))
	if err := server.Serve(ctx, ln, srv, log); err != nil {
		log.Error("serving", "error", err)
		return exitProblems
	}
	log.Info("stopped")
	return exitOK
}
