package web

import "net/http"

// handleSegmentDelete removes a segment; the persons stay in the register.
func (s *Server) handleSegmentDelete(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "seg", "segment")
	if err != nil {
		return err
	}
	if err := s.cfg.People.DeleteSegment(r.Context(), c.Actor, id, sid); err != nil {
		return err
	}
	seeOther(w, r, segmentsURL(id)+"?done=segment_deleted")
	return nil
}
