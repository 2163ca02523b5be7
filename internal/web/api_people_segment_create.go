package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/people"
)

// segmentCreateJSON is the body of a new segment.
type segmentCreateJSON struct {
	Name  string              `json:"name"`
	Rules people.SegmentRules `json:"rules"`
}

// handleAPISegmentCreate defines a segment; the answer holds its member
// count.
func (s *Server) handleAPISegmentCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	// Access first: an outsider learns nothing from the body's problems.
	if _, err := s.cfg.People.Rights(r.Context(), c.Actor, id); err != nil {
		return err
	}
	var in segmentCreateJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	seg := &people.Segment{IncidentID: id, Name: in.Name, Rules: in.Rules}
	if err := s.cfg.People.SaveSegment(r.Context(), c.Actor, id, seg); err != nil {
		return err
	}
	v, err := s.cfg.People.Segment(r.Context(), c.Actor, id, seg.ID)
	if err != nil {
		return err
	}
	created(w, apiPath("/incidents/%d/segments", id), newSegmentJSON(*v))
	return nil
}
