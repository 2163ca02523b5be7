package web

import "net/http"

// handleSegmentEdit shows a segment's form, filled, to change it.
func (s *Server) handleSegmentEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.segment.edit_title", "segments")
	if err != nil {
		return err
	}
	if err := requireRight(f.Rights.Segments, "change segments"); err != nil {
		return err
	}
	sid, err := pathID(r, "seg", "segment")
	if err != nil {
		return err
	}
	seg, err := s.cfg.People.Segment(r.Context(), c.Actor, f.Inc.ID, sid)
	if err != nil {
		return err
	}
	return s.showSegments(w, r, c, f, http.StatusOK, "people_segment", seg, seg.Name, seg.Rules)
}
