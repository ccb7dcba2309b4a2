package server

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// instrument wraps the handler of one route: it counts the request by route
// and status, observes its latency and, with AccessLog, logs it. route is
// the pattern as routes.go registers it, so the metrics' label values are
// bounded by the routes rather than by what clients ask for.
func (s *Server) instrument(route string, h http.Handler) http.Handler {
	requests := s.metrics.requests.MustCurryWith(prometheus.Labels{"route": route})
	// Nearly every answer is a 200: its counter is looked up once, not by
	// hashing its labels on every request (and, like the histogram, only
	// once the route has answered a 200).
	ok := sync.OnceValue(func() prometheus.Counter { return requests.WithLabelValues(statusLabel(http.StatusOK)) })
	// The histogram's series appears with the route's first request, so
	// that routes no one calls (the 405 answers, mostly) add no series.
	latency := sync.OnceValue(func() prometheus.Observer { return s.metrics.latency.WithLabelValues(route) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := recorders.Get().(*recorder)
		rec.ResponseWriter = w
		h.ServeHTTP(rec, r)
		status, bytes := rec.status, rec.bytes
		*rec = recorder{}
		recorders.Put(rec)
		if status == 0 {
			status = http.StatusOK
		}
		elapsed := time.Since(start)
		if status == http.StatusOK {
			ok().Inc()
		} else {
			requests.WithLabelValues(statusLabel(status)).Inc()
		}
		latency().Observe(elapsed.Seconds())
		if s.accessLog {
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.RequestURI()),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Int64("bytes", bytes),
				slog.String("lang", w.Header().Get("Content-Language")),
				slog.Duration("duration", elapsed),
				slog.String("remote", r.RemoteAddr),
			)
		}
	})
}

// recorders reuses instrument's recorders: one allocated a request was
// garbage for the collector to find on the service's hottest path. A
// recorder is returned, cleared, as soon as the handler has returned;
// nothing keeps it past the request, as nothing may keep a ResponseWriter.
var recorders = sync.Pool{New: func() any { return new(recorder) }}

// recorder notes the status and size of a response for instrument.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 && code >= 200 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(b)
	rec.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer, for
// flushing and deadlines.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
