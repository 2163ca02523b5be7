package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// handleMetrics serves the Prometheus metrics. They hold route patterns,
// counts and timings only, so they are open like /healthz.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}
