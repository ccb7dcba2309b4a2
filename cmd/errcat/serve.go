package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
	"github.com/errcat/errcat/server"
)

func init() {
	register(command{
		name:    "serve",
		summary: "serve localized error messages over HTTP",
		run:     runServe,
	})
}

// The http.Server's limits. A request is a short GET: its header arrives in
// well under a second, and its answer is a few hundred bytes (the whole
// catalog in one locale is some 15 KB). MaxHeaderBytes bounds what a client
// can make the server read; the resolver ignores an Accept-Language value
// over catalog.MaxHeader whatever this allows.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 10 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 16 << 10
	// shutdownTimeout bounds how long in-flight requests may take to
	// finish after SIGINT or SIGTERM.
	shutdownTimeout = 10 * time.Second
	// embeddedMaxAge is how long caches may reuse a response of the
	// embedded catalog, which changes only with a new binary. A watched
	// directory changes at any moment, so its responses are revalidated
	// each time (no-cache, with the ETag).
	embeddedMaxAge = time.Minute
)

func runServe(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `host:port`; port 0 picks a free port")
	dir := fs.String("locales", "", "serve the bundles in `DIR` and reload them when they change, instead of the embedded catalog")
	accessLog := fs.Bool("access-log", false, "log one line a request")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: errcat serve [--addr 127.0.0.1:8080] [--locales DIR] [--access-log]")
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
	cfg := server.Config{Logger: log, AccessLog: *accessLog}
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
		printLoadError(e.stderr, err)
		return exitUsage
	}
	cfg.Catalog = cat
	srv := server.New(cfg)

	source := "embedded"
	if *dir != "" {
		w, err := srv.Watch(*dir)
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
	// open counts the connections the server has accepted and not yet
	// closed, for a graceful shutdown that loses none of their requests.
	var open atomic.Int64
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ConnState: func(_ net.Conn, st http.ConnState) {
			switch st {
			case http.StateNew:
				open.Add(1)
			case http.StateClosed, http.StateHijacked:
				open.Add(-1)
			}
		},
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String(),
		"locales", source, "version", cat.Version(), "codes", len(cat.Codes()), "languages", len(cat.Locales()))

	select {
	case err := <-served:
		log.Error("serving", "error", err)
		return exitProblems
	case <-ctx.Done():
	}
	// Stop accepting connections, then let every connection already
	// accepted finish the request it is sending or being answered, and
	// close. http.Server.Shutdown would not do: a connection whose request
	// it finishes reading after Shutdown has begun is closed unanswered,
	// and a client that connected a moment before the signal loses its
	// request. Turning keep-alives off closes idle connections and makes
	// the others close after their answer; it is repeated while waiting,
	// for connections that were answering when it was first called.
	log.Info("shutting down", "timeout", shutdownTimeout)
	ln.Close()
	<-served // the listener's "use of closed network connection"
	deadline := time.Now().Add(shutdownTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		hs.SetKeepAlivesEnabled(false)
		if open.Load() == 0 {
			break
		}
		if time.Now().After(deadline) {
			log.Error("shutdown: requests still in flight were cut off", "connections", open.Load())
			hs.Close()
			return exitProblems
		}
		time.Sleep(wait)
	}
	hs.Close()
	log.Info("stopped")
	return exitOK
}

// printLoadError prints every problem of a catalog that cannot be served,
// one a line as a compiler would: file:line:col: error: message.
func printLoadError(w io.Writer, err error) {
	var le *catalog.LoadError
	if !errors.As(err, &le) {
		fmt.Fprintf(w, "errcat serve: load catalog: %v\n", err)
		return
	}
	fmt.Fprintf(w, "errcat serve: the catalog has %d error(s); nothing is served until they are fixed:\n", len(le.Diagnostics))
	for _, d := range le.Diagnostics {
		fmt.Fprintln(w, d.String())
	}
}
