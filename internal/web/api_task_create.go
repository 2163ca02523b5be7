package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleAPITaskCreate adds a task. Its due time is absolute (due_at) or
// relative to awareness (due_after_aware, as in "aware+72h"), which moves
// when aware_at is corrected.
func (s *Server) handleAPITaskCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	// Access first, so that an outsider hears "not found" and a member
	// without the right "forbidden", whatever the body holds.
	inc, _, err := s.loadIncidentFor(r, c, canEditTasks, "create tasks")
	if err != nil {
		return err
	}
	id := inc.ID
	var in apiTaskCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f := errs.Fields{}
	ti := incident.TaskInput{
		Title: in.Title, Description: in.Description, Phase: in.Phase, Role: incident.MemberRole(in.Role),
		Due: taskDue(in.DueAt, in.DueAfterAware, f), Checklist: in.Checklist,
	}
	if in.OwnerID != nil {
		ti.OwnerID = *in.OwnerID
	}
	if err := f.Err(); err != nil {
		return err
	}
	t, err := s.cfg.Incidents.CreateTask(r.Context(), c.Actor, id, ti)
	if err != nil {
		return err
	}
	created(w, apiPath("/incidents/%d/tasks/%d", id, t.ID), taskJSON(t, s.cfg.Incidents.Now()))
	return nil
}

// taskDue reads a due time given either absolutely or relative to
// awareness; nil for both means no due time.
func taskDue(at, afterAware *string, f errs.Fields) incident.Due {
	if at != nil && afterAware != nil {
		f.Add("due_after_aware", errs.InvalidDue)
		return incident.Due{}
	}
	if afterAware != nil {
		d, err := incident.ParseDueOffset(*afterAware)
		if err != nil {
			f.Add("due_after_aware", errs.InvalidDue)
			return incident.Due{}
		}
		return incident.Due{AfterAware: &d}
	}
	return incident.Due{At: parseTimePtr("due_at", at, f)}
}
