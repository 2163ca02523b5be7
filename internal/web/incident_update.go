package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleIncidentUpdate changes an incident from the edit form, or only its
// status from the control on the incident page: fields the form does not
// send stay as they are. Status, severity, kind and awareness changes go on
// the timeline.
func (s *Server) handleIncidentUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "change this incident")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	patch := parseIncidentPatch(r, inc, c.Loc, f)
	_, err = s.cfg.Incidents.Update(r.Context(), c.Actor, inc.ID, patch)
	if err = withFormErrors(f, err); err != nil {
		if !errs.Is(err, errs.Invalid) {
			return err
		}
		p := s.newPage(r, c, "incident.edit_title")
		refillForm(p, r, err)
		p.Form = mergeValues(incidentValues(inc, c.Loc), r.PostForm)
		s.showIncidentEdit(w, r, p, inc, http.StatusBadRequest)
		return nil
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=incident_saved")
	return nil
}
