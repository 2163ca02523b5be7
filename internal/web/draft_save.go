package web

import (
	"net/http"
	"net/url"
)

// handleDraftSave stores an edited draft.
func (s *Server) handleDraftSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canEditTasks, "edit drafts")
	if err != nil {
		return err
	}
	rule, lang := r.PathValue("rule"), draftLang(r.PostFormValue("lang"), c.Lang)
	if err := s.cfg.Obligations.SaveDraft(r.Context(), c.Actor, inc.ID, rule, lang, r.PostFormValue("body")); err != nil {
		if refusedForm("draft", r, err) == nil {
			return err
		}
		return s.showDraft(w, r, c, inc.ID, rule, lang, err)
	}
	seeOther(w, r, obligationsURL(inc.ID)+"/"+url.PathEscape(rule)+"/draft?lang="+lang+"&done=draft_saved")
	return nil
}
