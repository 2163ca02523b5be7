package web

import (
	"net/http"
	"net/url"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleIncidentEdit shows the form that changes an incident's facts,
// status and clock. Only those who manage the incident get it.
func (s *Server) handleIncidentEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "change this incident")
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "incident.edit_title")
	p.Form = incidentValues(inc, c.Loc)
	s.showIncidentEdit(w, r, p, inc, http.StatusOK)
	return nil
}

func (s *Server) showIncidentEdit(w http.ResponseWriter, r *http.Request, p *page, inc *incident.Incident, status int) {
	p.Nav = "incidents"
	s.render(w, r, status, "incident_edit", &incidentFormPage{page: p, Inc: inc})
}

// mergeValues fills the fields a form did not send from base, so that a
// form that sent only some fields shows the rest as they are.
func mergeValues(base, sent url.Values) url.Values {
	out := url.Values{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range sent {
		if k != "csrf" {
			out[k] = v
		}
	}
	return out
}
