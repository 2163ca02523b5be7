package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleTeamSet adds a user to the incident team, or gives a member another
// incident role. The incident keeps at least one incident lead.
func (s *Server) handleTeamSet(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "change the team")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	userID, perr := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("user_id")), 10, 64)
	if perr != nil || userID <= 0 {
		f.Add("user_id", errs.Required)
		userID = unreadableID
	}
	role := incident.MemberRole(r.PostFormValue("role"))
	formID := "team-add"
	if r.PostFormValue("change") != "" && userID > 0 {
		formID = "member-" + strconv.FormatInt(userID, 10)
	}
	err = s.cfg.Incidents.SetMember(r.Context(), c.Actor, inc.ID, userID, role)
	if err = withFormErrors(f, err); err != nil {
		ff := refusedForm(formID, r, err)
		if ff == nil {
			return err
		}
		if errs.Is(err, errs.Conflict) {
			ff.Problem = s.cat.T(c.Lang, "team.needs_lead")
		}
		return s.showIncident(w, r, c, inc.ID, statusOfForm(err), ff)
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=team_saved#team")
	return nil
}
