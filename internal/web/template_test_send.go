package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleTemplateTestSend sends the preview for a person to the caller's
// own address, to see it in a real mail program.
func (s *Server) handleTemplateTestSend(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.notifyRights(r, c, mayEditCampaigns, "send test mails")
	if err != nil {
		return err
	}
	t, err := s.loadTemplate(r, c, id)
	if err != nil {
		return err
	}
	personID, perr := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	if perr != nil || personID <= 0 {
		return errs.Fields{"person": errs.InvalidValue}.Err()
	}
	lang := previewLang(r.PostFormValue("lang"))
	if err := s.cfg.Notify.TestSend(r.Context(), c.Actor, id, t.ID, personID, lang); err != nil {
		return err
	}
	seeOther(w, r, templateURL(id, t.ID)+"/preview?"+previewParams(personID, lang)+"&done=test_sent")
	return nil
}
