package web

import "net/http"

// handleAPITaskList lists the tasks of an incident in plan order.
func (s *Server) handleAPITaskList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	tasks, err := s.cfg.Incidents.Tasks(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	now := s.cfg.Incidents.Now()
	out := apiTaskList{Tasks: make([]apiTask, 0, len(tasks))}
	for i := range tasks {
		out.Tasks = append(out.Tasks, taskJSON(&tasks[i], now))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
