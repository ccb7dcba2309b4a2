package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

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
	// ShutdownTimeout bounds how long requests in flight may take to
	// finish once Serve's context is done.
	ShutdownTimeout = 10 * time.Second
)

// ErrCutOff is returned by Serve when requests were still in flight after
// ShutdownTimeout and their connections had to be closed.
var ErrCutOff = errors.New("shutdown: requests still in flight were cut off")

// Serve serves h on ln with timeouts and limits fit for a public port, until
// ctx is done; then it shuts down gracefully and returns nil. It returns an
// error when serving fails, or ErrCutOff when requests had to be cut off.
//
// The shutdown loses no request a client sent. http.Server.Shutdown would
// not do: a connection whose request it finishes reading after Shutdown has
// begun is closed unanswered (golang/go#65802), so a client that connected
// a moment before the signal loses its request. Serve instead stops
// accepting, then lets every connection already accepted finish the request
// it is sending or being answered and close: turning keep-alives off closes
// idle connections and makes the others close after their answer, and it
// is repeated while waiting, for connections that were answering when it
// was first called.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// open counts the connections the server has accepted and not yet
	// closed.
	var open atomic.Int64
	hs := &http.Server{
		Handler:           h,
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
	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", ShutdownTimeout)
	ln.Close()
	<-served // the listener's "use of closed network connection"
	deadline := time.Now().Add(ShutdownTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		hs.SetKeepAlivesEnabled(false)
		if open.Load() == 0 {
			break
		}
		if time.Now().After(deadline) {
			log.Error(ErrCutOff.Error(), "connections", open.Load())
			hs.Close()
			return ErrCutOff
		}
		time.Sleep(wait)
	}
	hs.Close()
	return nil
}
