package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// apiRoutes are the JSON API under /api/v1, described by openapi.json. A
// test keeps the two in step both ways.
func (s *Server) apiRoutes() {
	s.open("GET /api/v1/openapi.json", s.handleAPIOpenAPI)
	s.api("GET /api/v1/incidents", s.handleAPIIncidentList)
	s.api("POST /api/v1/incidents", s.handleAPIIncidentCreate)
	s.api("GET /api/v1/incidents/{id}", s.handleAPIIncidentShow)
	s.api("PATCH /api/v1/incidents/{id}", s.handleAPIIncidentUpdate)
	s.api("GET /api/v1/incidents/{id}/timeline", s.handleAPITimelineList)
	s.apiUpload("POST /api/v1/incidents/{id}/timeline", s.handleAPITimelineCreate)
	s.api("GET /api/v1/incidents/{id}/tasks", s.handleAPITaskList)
	s.api("POST /api/v1/incidents/{id}/tasks", s.handleAPITaskCreate)
	s.api("PATCH /api/v1/incidents/{id}/tasks/{task}", s.handleAPITaskUpdate)
	s.api("GET /api/v1/playbooks", s.handleAPIPlaybookList)
	s.api("POST /api/v1/incidents/{id}/playbooks/{name}", s.handleAPIPlaybookApply)
	// Not a route of its own: whatever else is asked under /api/v1/ gets a
	// JSON answer too (404, or 405 for a known path with another method).
	s.mux.Handle("/api/v1/", limitBody(maxFormBody, http.HandlerFunc(s.handleAPIUnmatched)))
}

// isAPIPath reports whether a path belongs to the JSON API, whose errors
// are JSON too.
func isAPIPath(path string) bool { return len(path) >= 8 && path[:8] == "/api/v1/" }

// handleAPIUnmatched answers a request no API route takes.
func (s *Server) handleAPIUnmatched(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/api/v1/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, jsonError{Error: jsonErrorBody{
			Code: "method_not_allowed", Message: "this path accepts " + strings.Join(allowed, ", "),
		}})
		return
	}
	writeJSONError(w, errs.E(errs.NotFound, "no such API path; see /api/v1/openapi.json"))
}
