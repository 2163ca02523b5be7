package web

import "net/http"

// handleAPIPlaybookApply turns a playbook into tasks and contact slots of an
// incident, in the language of the body's "language" or else the caller's.
// A playbook is applied to an incident once; a second time is a conflict.
func (s *Server) handleAPIPlaybookApply(w http.ResponseWriter, r *http.Request, c *caller) error {
	// Access first, so that an outsider hears "not found" and a member
	// without the right "forbidden", whatever the body holds.
	inc, _, err := s.loadIncidentFor(r, c, canManage, "apply playbooks")
	if err != nil {
		return err
	}
	id := inc.ID
	var in apiPlaybookApply
	if err := decodeOptionalJSON(r, &in); err != nil {
		return err
	}
	lang, err := apiLanguage(in.Language, c)
	if err != nil {
		return err
	}
	ctx := r.Context()
	name := r.PathValue("name")
	res, err := s.cfg.Incidents.ApplyPlaybook(ctx, c.Actor, id, name, lang)
	if err != nil {
		return err
	}
	p, err := s.cfg.Incidents.Playbook(ctx, name)
	if err != nil {
		return err
	}
	created(w, "", apiApplied{Playbook: playbookJSON(p), TasksCreated: res.Tasks, ContactsCreated: res.Contacts})
	return nil
}
