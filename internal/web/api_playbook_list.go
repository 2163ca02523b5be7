package web

import "net/http"

// handleAPIPlaybookList lists the playbook library: the built-in playbooks,
// then the imported ones, with every language they are written in.
func (s *Server) handleAPIPlaybookList(w http.ResponseWriter, r *http.Request, c *caller) error {
	list, err := s.cfg.Incidents.Playbooks(r.Context())
	if err != nil {
		return err
	}
	out := apiPlaybookList{Playbooks: make([]apiPlaybook, 0, len(list))}
	for i := range list {
		out.Playbooks = append(out.Playbooks, playbookJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
