package web

import "net/http"

// handleAPIIncidentShow returns one incident. To a caller outside its team
// it does not exist.
func (s *Server) handleAPIIncidentShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	inc, _, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, incidentJSON(inc))
	return nil
}
