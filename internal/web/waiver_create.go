package web

import (
	"net/http"
	"strings"
)

// handleWaiverCreate records a decision not to notify under a rule, with
// the reasons (GDPR Art. 33(5)); it shows in the breach register.
func (s *Server) handleWaiverCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "decide not to notify")
	if err != nil {
		return err
	}
	rule := r.PathValue("rule")
	if _, err := s.cfg.Obligations.Waive(r.Context(), c.Actor, inc.ID, rule, r.PostFormValue("reason")); err != nil {
		ff := refusedForm("duty-"+strings.ReplaceAll(rule, ".", "-")+"-waive", r, err)
		if ff == nil {
			return err
		}
		return s.showObligations(w, r, c, inc.ID, statusOfForm(err), ff)
	}
	seeOther(w, r, obligationsURL(inc.ID)+"?done=duty_waived#duty-"+strings.ReplaceAll(rule, ".", "-"))
	return nil
}
