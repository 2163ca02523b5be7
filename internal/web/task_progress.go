package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleTaskProgress moves a task along from the incident page: a new
// status (dropping needs a reason), or one checklist item ticked or
// unticked. Whoever edits tasks may do it, and so may the task's owner.
func (s *Server) handleTaskProgress(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, acc, t, err := s.loadTaskFor(r, c, nil, "")
	if err != nil {
		return err
	}
	if !acc.CanProgress(t) {
		return errs.E(errs.Forbidden, "your role does not allow you to change this task")
	}
	f := errs.Fields{}
	var patch incident.TaskPatch
	if v := r.PostFormValue("tick"); v != "" {
		i, done, ok := parseTick(v)
		if !ok {
			f.Add("checklist", errs.InvalidValue)
			i = -1 // no item has it: the service refuses it too
		}
		patch.Check = map[int]bool{i: done}
	}
	if v := strings.TrimSpace(r.PostFormValue("status")); v != "" {
		st := incident.TaskStatus(v)
		reason := r.PostFormValue("drop_reason")
		patch.Status, patch.DropReason = &st, &reason
	}
	_, err = s.cfg.Incidents.UpdateTask(r.Context(), c.Actor, inc.ID, t.ID, patch)
	if err = withFormErrors(f, err); err != nil {
		ff := refusedForm("task-"+strconv.FormatInt(t.ID, 10), r, err)
		if ff == nil {
			return err
		}
		return s.showIncident(w, r, c, inc.ID, statusOfForm(err), ff)
	}
	seeOther(w, r, incidentURL(inc.ID)+"#task-"+strconv.FormatInt(t.ID, 10))
	return nil
}
