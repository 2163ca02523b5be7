package web

import "net/http"

// handleAPIPeopleCounts sums up the register: persons, erased, by
// category, country, language and segment, and how they can be reached.
func (s *Server) handleAPIPeopleCounts(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	counts, err := s.cfg.People.Counts(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newCountsJSON(counts))
	return nil
}
