package web

import "net/http"

// handleAPIFactsShow returns the incident's facts (all fields, zero values
// when none were set).
func (s *Server) handleAPIFactsShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	v, err := s.cfg.Obligations.View(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, factsJSON(v.Facts))
	return nil
}
