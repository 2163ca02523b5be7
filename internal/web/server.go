// Package web is the desk's HTTP side: the server-rendered UI for the crisis
// team and the /api/v1 JSON API, both over the same capability services, so
// the two can never disagree on who may do what.
//
// One handler per file, named after what it does (incident_show.go,
// api_task_update.go). Routes are listed in routes.go; each is registered
// with the kind of caller it needs, which the authorization matrix test
// walks.
package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// Config is what the server needs from the wiring in internal/app.
type Config struct {
	Auth      *auth.Service
	Incidents *incident.Service
	// Obligations is the regulator clock; nil leaves its pages out (tests
	// of other parts of the desk).
	Obligations *obligation.Service
	// People is the register of affected persons; nil leaves its pages
	// out.
	People *people.Service
	// Notify runs the notification campaigns; nil leaves their pages out.
	Notify *notify.Service
	// Hotline is the agent console and the inquiry inbox; nil leaves its
	// pages out.
	Hotline *hotline.Service
	// Publish is the public side's desk pages (statements, systems status,
	// the page's settings); nil leaves them out. The public site itself is
	// served by internal/web/public on its own listener.
	Publish *publish.Service
	// Letters renders a previewed letter as a PDF (the PDF adapter).
	Letters notify.LetterRenderer
	// DraftPDF renders a Markdown draft as a PDF (the app wires the PDF
	// adapter in; adapters do not import each other).
	DraftPDF func(markdown string, meta DraftMeta) ([]byte, error)
	Logger   *slog.Logger
	// Location shows times to users who have not chosen a zone.
	Location *time.Location
	// MaxUpload bounds a request body with attachments, in bytes.
	MaxUpload int64
	// SecureCookies forces the Secure flag on cookies. Without it, cookies
	// are Secure when the request came over TLS (or, with TrustProxy, when
	// the proxy says so).
	SecureCookies bool
	// TrustProxy honours X-Forwarded-For and X-Forwarded-Proto; set it only
	// behind a reverse proxy that sets them.
	TrustProxy bool
	// Health reports whether the storage answers, for /healthz.
	Health  func(context.Context) error
	Version string
}

// DraftMeta describes a draft rendered as a PDF.
type DraftMeta struct {
	Title, Subject, Author, Footer, Lang string
	Created                              time.Time
}

// Server serves the desk.
type Server struct {
	cfg     Config
	log     *slog.Logger
	cat     *i18n.Catalog
	views   *views
	mux     *http.ServeMux
	routes  []Route
	metrics *metrics
	handler http.Handler
	// crossOrigin refuses state-changing requests that a browser marks as
	// coming from another site (Sec-Fetch-Site, Origin); it backs up the
	// CSRF token.
	crossOrigin *http.CrossOriginProtection
	zones       sync.Map // time zone name -> *time.Location
	// heldCRM keeps CRM exports between upload and column mapping.
	heldCRM *heldFiles
	buffers sync.Pool
	// ctiLimit holds back phone system webhooks that come too fast or
	// guess tokens (hotline_admin_routes.go).
	ctiLimit *ctiLimiter
}

// Defaults for Config fields left zero.
const (
	DefaultMaxUpload = 50 << 20
	maxFormBody      = 1 << 20
)

// New builds the server, parsing every template so that a broken view stops
// the start instead of a page view.
func New(cfg Config) (*Server, error) {
	if cfg.Auth == nil || cfg.Incidents == nil {
		return nil, fmt.Errorf("web: auth and incident services are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	v, err := parseViews(cat)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, cat: cat, views: v, mux: http.NewServeMux(), metrics: newMetrics(),
		crossOrigin: http.NewCrossOriginProtection()}
	s.buffers.New = func() any { return new(bytes.Buffer) }
	s.registerRoutes()
	s.handler = s.recoverPanics(s.secureHeaders(s.observe(s.mux)))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists every route the server answers, for tests and the docs.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }
