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
	"crypto/rand"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"sync/atomic"
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
	// BaseURL is the site's address from outside when the page settings
	// give none (app passes the listener's address); it makes the links
	// in the JSON and the feeds absolute.
	BaseURL string
	// Limits tune the rate limits and the proof of work; zero fields take
	// the defaults (DefaultLimits).
	Limits Limits
}

// Limits are the public site's rate limits. Cached pages are never
// limited: they cost nothing, and a press spike arrives through shared
// proxies.
type Limits struct {
	// FormsPerMinute and FormBurst limit the forms' POSTs (check,
	// subscribe, confirm, unsubscribe) per client address.
	FormsPerMinute float64
	FormBurst      float64
	// RangePerSecond and RangeBurst limit /range per client address.
	RangePerSecond float64
	RangeBurst     float64
	// GlobalPerSecond and GlobalBurst are the load of form POSTs the site
	// takes from everyone together before it asks for a proof of work.
	GlobalPerSecond float64
	GlobalBurst     float64
	// PowBits is the work asked: leading zero bits of a SHA-256.
	PowBits int
}

// DefaultLimits are the limits of a site whose Config leaves them zero.
var DefaultLimits = Limits{
	FormsPerMinute: 6, FormBurst: 5,
	RangePerSecond: 20, RangeBurst: 100,
	GlobalPerSecond: 20, GlobalBurst: 60,
	PowBits: 16,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	pick := func(v *float64, def float64) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.FormsPerMinute, d.FormsPerMinute)
	pick(&l.FormBurst, d.FormBurst)
	pick(&l.RangePerSecond, d.RangePerSecond)
	pick(&l.RangeBurst, d.RangeBurst)
	pick(&l.GlobalPerSecond, d.GlobalPerSecond)
	pick(&l.GlobalBurst, d.GlobalBurst)
	if l.PowBits <= 0 {
		l.PowBits = d.PowBits
	}
	return l
}

// Server serves the public site.
type Server struct {
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	routes  []string
	views   map[string]*template.Template
	// current is what the site shows, rendered; swapped whole.
	current atomic.Pointer[snapshot]
	// rerender wakes the render loop (OnChange); one pending is enough.
	rerender chan struct{}
	// crossOrigin refuses form posts a browser marks as coming from
	// another site: the forms are anonymous, so there is no session token
	// to forge, but a foreign page must not drive them.
	crossOrigin *http.CrossOriginProtection
	formLimit   *ipLimiter
	rangeLimit  *ipLimiter
	// global is one bucket for everyone (key ""): the load above
	// which the forms ask for a proof of work.
	global *ipLimiter
	pow    *powIssuer
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
	cfg.Limits = cfg.Limits.withDefaults()
	views, err := parseViews()
	if err != nil {
		return nil, err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("public: proof-of-work key: %w", err)
	}
	l := cfg.Limits
	s := &Server{
		cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), views: views,
		rerender:    make(chan struct{}, 1),
		crossOrigin: http.NewCrossOriginProtection(),
		formLimit:   newIPLimiter(l.FormsPerMinute/60, l.FormBurst, cfg.Now),
		rangeLimit:  newIPLimiter(l.RangePerSecond, l.RangeBurst, cfg.Now),
		global:      newIPLimiter(l.GlobalPerSecond, l.GlobalBurst, cfg.Now),
		pow:         newPowIssuer(secret, l.PowBits, cfg.Now),
	}
	// Until Start renders what the desk published, the site is empty but
	// whole: its forms, 404 page and static files work.
	snap, err := s.render(&publish.Site{})
	if err != nil {
		return nil, err
	}
	s.current.Store(snap)
	s.registerRoutes()
	s.handler = s.recoverPanics(s.secureHeaders(s.mux))
	return s, nil
}

// Start renders the site and keeps it current until ctx ends: at once on
// every change the publish service reports, and every half minute in case
// another desk process changed it.
func (s *Server) Start(ctx context.Context) error {
	if err := s.refresh(ctx); err != nil {
		// The site stays up, empty, and tries again on the next tick: a
		// public page must not take the desk down with it.
		s.log.Warn("public site: first render failed", "err", err)
	}
	s.cfg.Publish.OnChange(func() {
		select {
		case s.rerender <- struct{}{}:
		default:
		}
	})
	go s.renderLoop(ctx)
	return nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists the patterns the public site answers, for tests and docs.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

func (s *Server) handle(pattern string, h http.Handler) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, h)
}

// registerRoutes lists every route. The catch-all "/" answers 404 for
// anything else with any method, so that no path of the desk gets even a
// "405 method not allowed" here.
func (s *Server) registerRoutes() {
	// Every page, document, feed and static file is one lookup in the
	// rendered snapshot: one pattern serves them all, and the list below
	// documents what it holds.
	s.mux.Handle("GET /", http.HandlerFunc(s.serveCached))
	s.routes = append(s.routes,
		"GET /{$}", "GET /{lang}/{$}", "GET /{lang}/status", "GET /{lang}/history",
		"GET /{lang}/statements/{id}", "GET /{lang}/check", "GET /{lang}/subscribe",
		"GET /api/v2/summary.json", "GET /api/v2/status.json", "GET /api/v2/components.json",
		"GET /api/v2/incidents.json", "GET /api/v2/incidents/unresolved.json",
		"GET /history.atom", "GET /history.rss", "GET /static/{file}")
	s.handle("OPTIONS /api/v2/", http.HandlerFunc(s.corsPreflight))
	s.handle("OPTIONS /range/{prefix}", http.HandlerFunc(s.corsPreflight))
	s.handle("POST /{lang}/check", s.crossOrigin.Handler(http.HandlerFunc(s.checkPost)))
	s.handle("POST /{lang}/subscribe", s.crossOrigin.Handler(http.HandlerFunc(s.subscribePost)))
	s.handle("GET /{lang}/confirm/{token}", http.HandlerFunc(s.confirmShow))
	s.handle("POST /{lang}/confirm/{token}", s.crossOrigin.Handler(http.HandlerFunc(s.confirmPost)))
	s.handle("GET /{lang}/unsubscribe/{token}", http.HandlerFunc(s.unsubscribeShow))
	// No cross-origin check: RFC 8058 one-click unsubscribes are posted by
	// mail providers, and the token alone is the authority.
	s.handle("POST /{lang}/unsubscribe/{token}", http.HandlerFunc(s.unsubscribePost))
	s.handle("GET /range/{prefix}", http.HandlerFunc(s.passwordRange))
	s.handle("GET /healthz", http.HandlerFunc(s.health))
	s.mux.Handle("/", http.HandlerFunc(s.notFound))
}
