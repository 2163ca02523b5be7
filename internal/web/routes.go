package web

import (
	"net/http"
	"strings"
)

// Kind says what a route needs from its caller.
type Kind string

const (
	// KindOpen needs nothing: the login page, static files, health.
	KindOpen Kind = "open"
	// KindPage needs a logged-in session.
	KindPage Kind = "page"
	// KindForm needs a logged-in session and a valid CSRF token.
	KindForm Kind = "form"
	// KindAPI needs a bearer token. Cookies are ignored, so no other site
	// can make a browser call the API.
	KindAPI Kind = "api"
)

// Route is one registered route.
type Route struct {
	Method  string
	Path    string // a ServeMux pattern path such as /incidents/{id}
	Kind    Kind
	MaxBody int64 // bytes accepted in the request body
}

// handler is what every desk handler looks like: it gets the caller and
// returns an error that serve turns into the right page or JSON answer.
type handler func(w http.ResponseWriter, r *http.Request, c *caller) error

func (s *Server) registerRoutes() {
	s.openRoutes()
	s.sessionRoutes()
	s.incidentRoutes()
	s.obligationRoutes()
	s.peopleRoutes()
	s.notifyRoutes()
	s.hotlineRoutes()
	s.publishRoutes()
	s.adminRoutes()
	s.obligationAdminRoutes()
	s.apiRoutes()
}

// openRoutes need no login.
func (s *Server) openRoutes() {
	s.open("GET /static/", s.handleStatic)
	s.open("GET /healthz", s.handleHealth)
	s.open("GET /metrics", s.handleMetrics)
	s.open("GET /{$}", s.handleRoot)
}

// add registers a route of the given kind.
func (s *Server) add(kind Kind, pattern string, maxBody int64, h http.Handler) {
	method, path, _ := strings.Cut(pattern, " ")
	s.routes = append(s.routes, Route{Method: method, Path: path, Kind: kind, MaxBody: maxBody})
	s.mux.Handle(pattern, limitBody(maxBody, h))
}

// open registers a route anyone may call.
func (s *Server) open(pattern string, h http.HandlerFunc) { s.add(KindOpen, pattern, maxFormBody, h) }

// page registers a GET route for logged-in users.
func (s *Server) page(pattern string, h handler) {
	s.add(KindPage, pattern, 0, s.withSession(false, h))
}

// form registers a POST route for logged-in users with a CSRF token.
func (s *Server) form(pattern string, h handler) {
	s.add(KindForm, pattern, maxFormBody, s.withSession(true, h))
}

// upload is a form route that accepts attachments up to MaxUpload.
func (s *Server) upload(pattern string, h handler) {
	s.add(KindForm, pattern, s.cfg.MaxUpload, s.withSession(true, h))
}

// api registers a JSON API route for bearer-token callers.
func (s *Server) api(pattern string, h handler) {
	s.add(KindAPI, pattern, maxFormBody, s.withToken(h))
}

// apiUpload is an API route that accepts attachments up to MaxUpload.
func (s *Server) apiUpload(pattern string, h handler) {
	s.add(KindAPI, pattern, s.cfg.MaxUpload, s.withToken(h))
}
