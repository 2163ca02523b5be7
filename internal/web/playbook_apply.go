package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePlaybookApply applies a playbook to an incident: its tasks, due
// from awareness, and its contact slots, in the chosen language. A
// playbook is applied once; a second time the page says so.
func (s *Server) handlePlaybookApply(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "apply playbooks")
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("playbook"))
	lang := r.PostFormValue("language")
	if !auth.ValidLanguage(lang) {
		lang = c.Lang
	}
	if name == "" {
		err = errs.Fields{"playbook": errs.Required}.Err()
	} else {
		_, err = s.cfg.Incidents.ApplyPlaybook(r.Context(), c.Actor, inc.ID, name, lang)
		if errs.Is(err, errs.NotFound) {
			// The incident was found above, so the playbook is what is
			// missing: a bad choice in the form.
			err = errs.Fields{"playbook": errs.InvalidChoice}.Err()
		}
	}
	if err != nil {
		ff := refusedForm("playbook", r, err)
		if ff == nil {
			return err
		}
		if errs.Is(err, errs.Conflict) {
			ff.Problem = s.cat.T(c.Lang, "incident.playbook_applied_before")
		}
		return s.showIncident(w, r, c, inc.ID, statusOfForm(err), ff)
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=playbook_applied#tasks")
	return nil
}
