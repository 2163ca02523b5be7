package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/incident"
)

type incidentListPage struct {
	*page
	Incidents []incident.Summary
	Closed    bool
	Query     string
	CanCreate bool
}

// handleIncidentList lists the incidents the user may see, open ones by
// default, with their clocks and overdue tasks.
func (s *Server) handleIncidentList(w http.ResponseWriter, r *http.Request, c *caller) error {
	closed := r.URL.Query().Get("closed") == "1"
	query := r.URL.Query().Get("q")
	list, err := s.cfg.Incidents.List(r.Context(), c.Actor, closed, query)
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "incidents.title")
	p.Nav = "incidents"
	s.render(w, r, http.StatusOK, "incident_list", &incidentListPage{
		page: p, Incidents: list, Closed: closed, Query: query, CanCreate: incident.CanCreate(c.Actor),
	})
	return nil
}
