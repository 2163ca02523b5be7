package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleTeamRemove takes a member off the incident team. The last incident
// lead stays: the page says to name another one first.
func (s *Server) handleTeamRemove(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "change the team")
	if err != nil {
		return err
	}
	userID, err := pathID(r, "user", "team member")
	if err != nil {
		return err
	}
	err = s.cfg.Incidents.RemoveMember(r.Context(), c.Actor, inc.ID, userID)
	if errs.Is(err, errs.Conflict) {
		ff := refusedForm("team-remove", r, err)
		ff.Problem = s.cat.T(c.Lang, "team.needs_lead")
		return s.showIncident(w, r, c, inc.ID, http.StatusConflict, ff)
	}
	if err != nil {
		return err
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=team_removed#team")
	return nil
}
