package app

import (
	"log/slog"
	"net/http"
)

// serveMetrics serves Prometheus metrics at /metrics on METRICS_ADDR, a
// listener of its own: the API's listener is public, and what the metrics
// say (operation names, error rates, pool sizes) is for operators.
func serveMetrics(addr string, metrics http.Handler, logger *slog.Logger) (stop func(), err error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	return serveBeside("METRICS_ADDR", addr, mux, logger)
}
