package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePersonErase removes a person's data on their request; the count
// and the audit record stay. The form asks for a reason and a
// confirmation.
func (s *Server) handlePersonErase(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid", "person")
	if err != nil {
		return err
	}
	rights, err := s.cfg.People.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	if err := requireRight(rights.Erase, "erase persons"); err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" || r.PostFormValue("confirm") == "" {
		return errs.E(errs.Invalid, "give the reason of the request and confirm the erasure")
	}
	if err := s.cfg.People.Erase(r.Context(), c.Actor, id, pid, reason); err != nil {
		return err
	}
	seeOther(w, r, personURL(id, pid)+"?done=person_erased")
	return nil
}
