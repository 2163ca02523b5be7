package web

import "net/http"

// handleAPISegmentList lists the incident's segments with their member
// counts.
func (s *Server) handleAPISegmentList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	segs, err := s.cfg.People.Segments(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	out := struct {
		Segments []segmentJSON `json:"segments"`
	}{Segments: []segmentJSON{}}
	for _, v := range segs {
		out.Segments = append(out.Segments, newSegmentJSON(v))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
