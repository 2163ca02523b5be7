package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// taskEditPage is the full edit form of one task.
type taskEditPage struct {
	*page
	incidentChoices
	Inc        *incident.Incident
	Task       *incident.Task
	Owners     []incident.Member
	PhaseNames []string
}

// TaskForm names the form for the task form partial.
func (p *taskEditPage) TaskForm() string { return "task-edit" }

// Val is the form's value of field; the form is filled from the task.
func (p *taskEditPage) Val(_, field, _ string) string { return p.Form.Get(field) }

// Err is the translated error of field.
func (p *taskEditPage) Err(_, field string) string { return p.FieldError(field) }

// Title names the task being edited, for the browser tab.
func (p *taskEditPage) Title() string { return p.T("task.edit_title") + ": " + p.Task.Title }

// handleTaskEdit shows the form that changes everything about a task. The
// owner of a task without task-editing rights moves it along on the
// incident page instead.
func (s *Server) handleTaskEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, t, err := s.loadTaskFor(r, c, canEditTasks, "edit tasks")
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "task.edit_title")
	p.Form = taskValues(t, c.Loc)
	return s.showTaskEdit(w, r, c, p, inc, t, http.StatusOK)
}

func (s *Server) showTaskEdit(w http.ResponseWriter, r *http.Request, c *caller, p *page, inc *incident.Incident, t *incident.Task, status int) error {
	members, err := s.cfg.Incidents.Members(r.Context(), c.Actor, inc.ID)
	if err != nil {
		return err
	}
	tasks, err := s.cfg.Incidents.Tasks(r.Context(), c.Actor, inc.ID)
	if err != nil {
		return err
	}
	data := &taskEditPage{page: p, Inc: inc, Task: t, PhaseNames: phaseNames(tasks)}
	for _, m := range members {
		if !m.Disabled || m.UserID == t.OwnerID {
			data.Owners = append(data.Owners, m)
		}
	}
	p.Nav = "incidents"
	s.render(w, r, status, "task_edit", data)
	return nil
}
