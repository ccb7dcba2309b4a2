package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/errcat/errcat/catalog"
)

// metrics are one Server's Prometheus metrics, on a registry of its own
// rather than the global one, so that several servers (in a test, or in a
// service mounting more than one) do not collide.
type metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec   // by route pattern and status
	latency  *prometheus.HistogramVec // by route pattern
	// resolved counts message lookups by the locale that supplied the
	// text; fallbacks counts those whose text did not come from the
	// caller's first preference, by catalog.Fallback kind.
	resolved  *prometheus.CounterVec
	fallbacks *prometheus.CounterVec
	// fellBack is fallbacks by catalog.Fallback, resolved once.
	fellBack [catalog.SourceFallback + 1]prometheus.Counter

	reloads *prometheus.CounterVec // by result, "ok" or "failed"
	// reloadLastOK and reloadLastSuccess show ReloadState, named after
	// Prometheus's own prometheus_config_last_reload_successful and
	// _success_timestamp_seconds, which operators already alert on.
	reloadLastOK      prometheus.Gauge
	reloadLastSuccess prometheus.Gauge
	catalogCodes      prometheus.Gauge
	catalogLocales    prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "errcat_http_requests_total",
			Help: "HTTP requests by route pattern and response status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "errcat_http_request_duration_seconds",
			Help: "Time to serve a request, by route pattern.",
			// A message lookup takes microseconds; the default buckets
			// start at 5 ms and would put every request in the first.
			Buckets: prometheus.ExponentialBuckets(0.00005, 4, 8), // 50µs to 0.8s
		}, []string{"route"}),
		resolved: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "errcat_resolved_total",
			Help: "Messages served by GET /v1/errors/{code}, by the locale that supplied the text.",
		}, []string{"locale"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "errcat_fallbacks_total",
			Help: "Messages whose text came from a later preference of the caller (later-choice) or from the source language (source) because the earlier ones lacked the code.",
		}, []string{"kind"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "errcat_reloads_total",
			Help: "Catalog reloads by result: ok, or failed (the last good catalog stays in service).",
		}, []string{"result"}),
		reloadLastOK: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "errcat_reload_last_successful",
			Help: "1 if the latest catalog load succeeded, 0 if it failed and an older catalog is being served.",
		}),
		reloadLastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "errcat_reload_last_success_timestamp_seconds",
			Help: "When the catalog was last loaded without error, in seconds since the Unix epoch; 0 before the first.",
		}),
		catalogCodes: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "errcat_catalog_codes",
			Help: "Error codes in the catalog being served.",
		}),
		catalogLocales: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "errcat_catalog_locales",
			Help: "Locales in the catalog being served.",
		}),
	}
	for _, fb := range []catalog.Fallback{catalog.LaterChoice, catalog.SourceFallback} {
		m.fellBack[fb] = m.fallbacks.WithLabelValues(fb.String())
	}
	// Create both results so that a dashboard sees a zero before the first
	// failure rather than no series at all.
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("failed")
	m.reg.MustRegister(
		m.requests, m.latency, m.resolved, m.fallbacks,
		m.reloads, m.reloadLastOK, m.reloadLastSuccess, m.catalogCodes, m.catalogLocales,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// countResolved records where one message lookup's text came from.
func (snap *snapshot) countResolved(m *metrics, res catalog.Result) {
	snap.resolved[res.Index].Inc()
	if res.Fallback != catalog.FirstChoice && int(res.Fallback) < len(m.fellBack) {
		m.fellBack[res.Fallback].Inc()
	}
}

// handleMetrics serves the registry in the Prometheus text format.
func (s *Server) handleMetrics() http.Handler {
	return promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{
		ErrorLog: slogPrinter{s.log},
	})
}

// slogPrinter adapts a slog.Logger to promhttp's Logger.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Error("serving metrics", "error", fmt.Sprint(v...)) }

// statusLabel avoids an allocation for the statuses the server sends.
func statusLabel(code int) string {
	switch code {
	case http.StatusOK:
		return "200"
	case http.StatusNotModified:
		return "304"
	case http.StatusBadRequest:
		return "400"
	case http.StatusNotFound:
		return "404"
	case http.StatusMethodNotAllowed:
		return "405"
	case http.StatusServiceUnavailable:
		return "503"
	}
	return strconv.Itoa(code)
}
