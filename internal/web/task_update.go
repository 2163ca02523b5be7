package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleTaskUpdate saves the task edit form: title, description, owner,
// role, due time, checklist and status. Ticked checklist items whose text
// stays keep their tick.
func (s *Server) handleTaskUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, t, err := s.loadTaskFor(r, c, canEditTasks, "edit tasks")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	patch := parseTaskPatch(r, c.Loc, f)
	_, err = s.cfg.Incidents.UpdateTask(r.Context(), c.Actor, inc.ID, t.ID, patch)
	if err = withFormErrors(f, err); err != nil {
		if !errs.Is(err, errs.Invalid) {
			return err
		}
		p := s.newPage(r, c, "task.edit_title")
		refillForm(p, r, err)
		return s.showTaskEdit(w, r, c, p, inc, t, http.StatusBadRequest)
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=task_saved#task-"+strconv.FormatInt(t.ID, 10))
	return nil
}
