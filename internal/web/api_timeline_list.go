package web

import (
	"math"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleAPITimelineList returns a page of the timeline, newest first.
// ?before=<entry id> continues after that entry, ?limit= sizes the page;
// next_before is the cursor of the next page, null on the last one.
func (s *Server) handleAPITimelineList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	page := incident.TimelinePage{
		Before: queryInt(r, "before", 0, 1, math.MaxInt64, f),
		Limit:  int(queryInt(r, "limit", incident.DefaultTimelinePage, 1, incident.MaxTimelinePage, f)),
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	entries, err := s.cfg.Incidents.Timeline(ctx, c.Actor, id, page)
	if err != nil {
		return err
	}
	total, err := s.cfg.Incidents.TimelineCount(ctx, c.Actor, id)
	if err != nil {
		return err
	}
	out := apiTimeline{Entries: make([]apiEntry, 0, len(entries)), Total: total}
	for i := range entries {
		out.Entries = append(out.Entries, entryJSON(&entries[i]))
	}
	if len(entries) == page.Limit {
		// A full page: look one entry further, so the last page says it is
		// the last instead of leading to an empty one.
		last := entries[len(entries)-1].ID
		more, err := s.cfg.Incidents.Timeline(ctx, c.Actor, id, incident.TimelinePage{Before: last, Limit: 1})
		if err != nil {
			return err
		}
		if len(more) > 0 {
			out.NextBefore = &last
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
