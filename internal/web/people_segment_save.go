package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// handleSegmentSave creates a segment (POST .../segments) or changes one
// (POST .../segments/{seg}/save). Refused rules show the form again with
// the fields named.
func (s *Server) handleSegmentSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.segments.title", "segments")
	if err != nil {
		return err
	}
	seg := &people.Segment{IncidentID: f.Inc.ID}
	var editing *people.SegmentView
	view := "people_segments"
	if r.PathValue("seg") != "" {
		if seg.ID, err = pathID(r, "seg", "segment"); err != nil {
			return err
		}
		if editing, err = s.cfg.People.Segment(r.Context(), c.Actor, f.Inc.ID, seg.ID); err != nil {
			return err
		}
		view = "people_segment"
	}
	seg.Name, seg.Rules = segmentFromForm(r.PostForm)
	if err := s.cfg.People.SaveSegment(r.Context(), c.Actor, f.Inc.ID, seg); err != nil {
		if errs.CodeOf(err) != errs.Invalid && errs.CodeOf(err) != errs.Conflict {
			return err
		}
		refillForm(f.page, r, err)
		return s.showSegments(w, r, c, f, statusOfForm(err), view, editing, seg.Name, seg.Rules)
	}
	seeOther(w, r, segmentsURL(f.Inc.ID)+"?done=segment_saved#segment-"+strconv.FormatInt(seg.ID, 10))
	return nil
}
