package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/people"
)

// handleSegmentList lists the segments with how many persons each holds,
// and offers the form for a new one.
func (s *Server) handleSegmentList(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.segments.title", "segments")
	if err != nil {
		return err
	}
	return s.showSegments(w, r, c, f, http.StatusOK, "people_segments", nil, "", people.SegmentRules{})
}
