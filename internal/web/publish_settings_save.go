package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePublishSettingsSave stores the page settings; a refusal shows the
// form again with the field that was wrong.
func (s *Server) handlePublishSettingsSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !s.cfg.Publish.DeskRights(c.Actor).Page {
		return errForbidden("change the public site's settings")
	}
	p, err := pageFromForm(r.PostForm)
	if err == nil {
		_, err = s.cfg.Publish.SavePage(r.Context(), c.Actor, p)
	}
	if err != nil {
		if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
			return err
		}
		pg := s.newPage(r, c, "publish.settings.title")
		refillForm(pg, r, err)
		return s.showPublishSettings(w, r, c, pg, statusOfForm(err), "settings", -1)
	}
	seeOther(w, r, publicSettingsURL+"?done=publish_settings_saved")
	return nil
}
