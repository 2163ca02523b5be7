package web

import "net/http"

// handlePeopleApplyCounts writes the register's counts into the
// incident's facts, from which the duties are computed; the register
// page showed beforehand what this changes.
func (s *Server) handlePeopleApplyCounts(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "write the counts into the facts")
	if err != nil {
		return err
	}
	if err := s.cfg.People.ApplyCounts(r.Context(), c.Actor, inc.ID); err != nil {
		return err
	}
	seeOther(w, r, peopleURL(inc.ID)+"?done=people_counts_applied")
	return nil
}
