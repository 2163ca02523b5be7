package web

import (
	"net/http"
)

// handleTemplateUpdate stores an edited template. Campaigns approved with
// it keep the text they were approved with.
func (s *Server) handleTemplateUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.notifyRights(r, c, mayEditCampaigns, "write templates")
	if err != nil {
		return err
	}
	tid, err := pathID(r, "tid", "template")
	if err != nil {
		return err
	}
	t, err := s.cfg.Notify.Template(r.Context(), c.Actor, id, tid)
	if err != nil {
		return err
	}
	return s.saveTemplate(w, r, c, t)
}
