package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleAPITaskUpdate changes the fields present in the body. The task's
// owner may move it along (status, drop_reason, check) without the right to
// edit tasks.
func (s *Server) handleAPITaskUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	// Access first, so that an outsider hears "not found" and a member
	// without the right "forbidden", whatever the body holds.
	// Changing any task needs at least the right to write: viewers never
	// may; whether this task may be changed is the service's call.
	inc, _, err := s.loadIncidentFor(r, c, canWrite, "change tasks")
	if err != nil {
		return err
	}
	id := inc.ID
	taskID, err := pathID(r, "task", "task")
	if err != nil {
		return err
	}
	var in apiTaskPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := taskPatch(&in)
	if err != nil {
		return err
	}
	t, err := s.cfg.Incidents.UpdateTask(r.Context(), c.Actor, id, taskID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, taskJSON(t, s.cfg.Incidents.Now()))
	return nil
}

func taskPatch(in *apiTaskPatch) (incident.TaskPatch, error) {
	f := errs.Fields{}
	p := incident.TaskPatch{
		Title:       in.Title.ptr("title", f),
		Description: in.Description.ptr("description", f),
		Status:      (*incident.TaskStatus)(in.Status.ptr("status", f)),
		Checklist:   in.Checklist.ptr("checklist", f),
	}
	if in.OwnerID.Set {
		owner := in.OwnerID.Value // 0 when null: no owner
		p.OwnerID = &owner
	}
	if in.Role.Set {
		role := incident.MemberRole(in.Role.Value)
		p.Role = &role
	}
	if in.DropReason.Set {
		reason := in.DropReason.Value
		p.DropReason = &reason
	}
	if in.DueAt.Set || in.DueAfterAware.Set {
		var at, after *string
		if !in.DueAt.Null && in.DueAt.Set {
			at = &in.DueAt.Value
		}
		if !in.DueAfterAware.Null && in.DueAfterAware.Set {
			after = &in.DueAfterAware.Value
		}
		due := taskDue(at, after, f)
		p.Due = &due
	}
	if checks := in.Check.ptr("check", f); checks != nil {
		p.Check = make(map[int]bool, len(*checks))
		for key, done := range *checks {
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 {
				f.Add("check", errs.InvalidValue)
				continue
			}
			p.Check[i] = done
		}
	}
	return p, f.Err()
}
