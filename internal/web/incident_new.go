package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// incidentFormPage is the page of the new-incident form and of the edit
// form: the page's Form and Errors hold the input and its problems.
type incidentFormPage struct {
	*page
	incidentChoices
	Inc       *incident.Incident // nil on the new-incident form
	Playbooks []playbookOption
}

// handleIncidentNew shows the form that opens an incident, optionally with
// a playbook chosen in advance (?playbook=data-theft, from the playbook
// library).
func (s *Server) handleIncidentNew(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !incident.CanCreate(c.Actor) {
		return errs.E(errs.Forbidden, "only leads and admins open incidents")
	}
	p := s.newPage(r, c, "incident.new_title")
	now := p.Now
	p.Form.Set("aware_at", formInputTime(&now, c.Loc))
	p.Form.Set("language", c.Lang)
	if name := r.URL.Query().Get("playbook"); name != "" {
		if pb, err := s.cfg.Incidents.Playbook(r.Context(), name); err == nil {
			p.Form.Set("playbook", pb.Name)
			p.Form.Set("kind", string(pb.Kind))
		}
	}
	return s.showIncidentNew(w, r, c, p, http.StatusOK)
}

// showIncidentNew renders the new-incident form with p's input and errors.
func (s *Server) showIncidentNew(w http.ResponseWriter, r *http.Request, c *caller, p *page, status int) error {
	pbs, err := s.cfg.Incidents.Playbooks(r.Context())
	if err != nil {
		return err
	}
	p.Nav = "incidents"
	s.render(w, r, status, "incident_new", &incidentFormPage{page: p, Playbooks: playbookOptions(pbs, c.Lang)})
	return nil
}
