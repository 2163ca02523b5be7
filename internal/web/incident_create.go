package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleIncidentCreate opens an incident from the new-incident form and
// goes to its page. The creator becomes its incident lead; a chosen
// playbook is applied at once.
func (s *Server) handleIncidentCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !incident.CanCreate(c.Actor) {
		return errs.E(errs.Forbidden, "only leads and admins open incidents")
	}
	f := errs.Fields{}
	n := parseNewIncident(r, c.Loc, f)
	inc, err := s.cfg.Incidents.Create(r.Context(), c.Actor, n)
	if err = withFormErrors(f, err); err != nil {
		if !errs.Is(err, errs.Invalid) {
			return err
		}
		p := s.newPage(r, c, "incident.new_title")
		refillForm(p, r, err)
		return s.showIncidentNew(w, r, c, p, http.StatusBadRequest)
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=incident_opened")
	return nil
}
