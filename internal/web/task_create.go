package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleTaskCreate adds a task from the form on the incident page.
func (s *Server) handleTaskCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canEditTasks, "create tasks")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	in := parseTaskInput(r, c.Loc, f)
	t, err := s.cfg.Incidents.CreateTask(r.Context(), c.Actor, inc.ID, in)
	if err = withFormErrors(f, err); err == nil {
		seeOther(w, r, incidentURL(inc.ID)+"?done=task_created#task-"+strconv.FormatInt(t.ID, 10))
		return nil
	}
	ff := refusedForm("task-new", r, err)
	if ff == nil {
		return err
	}
	return s.showIncident(w, r, c, inc.ID, statusOfForm(err), ff)
}
