package web

import (
	"errors"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleAdminSMTPTestMail sends a test message through the relay in use to
// the admin's own address. Admins only. A refusal by the relay is shown on
// the settings page: it is what the admin needs to fix them.
func (s *Server) handleAdminSMTPTestMail(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	err := s.cfg.Notify.SendTestMail(r.Context(), c.Actor)
	var refused *notify.SendError
	switch {
	case err == nil:
		seeOther(w, r, "/admin/smtp?done=smtp_test_sent")
		return nil
	case errors.As(err, &refused):
		return s.showAdminSMTP(w, r, c, errs.E(errs.Invalid, "the relay refused the test mail: %s", refused.Error()))
	case errs.Is(err, errs.Invalid):
		return s.showAdminSMTP(w, r, c, err)
	}
	return err
}
