package web

import (
	"net/http"
)

// handleTemplateEdit shows a template in the editor (read-only to those
// who may not write templates).
func (s *Server) handleTemplateEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadNotifyFrame(r, c, "template.title_edit", "templates")
	if err != nil {
		return err
	}
	tid, err := pathID(r, "tid", "template")
	if err != nil {
		return err
	}
	t, err := s.cfg.Notify.Template(r.Context(), c.Actor, f.Inc.ID, tid)
	if err != nil {
		return err
	}
	data := s.newTemplateEditPage(f, t)
	if f.Rights.Edit {
		data.applyQuery(r.URL.Query())
	}
	s.render(w, r, http.StatusOK, "template_edit", data)
	return nil
}
