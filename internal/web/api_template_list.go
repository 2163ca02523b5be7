package web

import "net/http"

// handleAPITemplateList lists the incident's templates with their texts.
func (s *Server) handleAPITemplateList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	ts, err := s.cfg.Notify.Templates(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	out := struct {
		Templates []apiTemplate `json:"templates"`
	}{Templates: make([]apiTemplate, 0, len(ts))}
	for i := range ts {
		out.Templates = append(out.Templates, templateJSON(&ts[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
