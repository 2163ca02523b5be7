package web

import (
	"github.com/breachdesk/breachdesk/internal/errs"
)

// adminRoutes are the playbook library, the user's own account, and the
// admin pages (users, audit trail).
func (s *Server) adminRoutes() {
	s.page("GET /playbooks", s.handlePlaybookList)
	s.page("GET /playbooks/import", s.handlePlaybookImportForm)
	s.upload("POST /playbooks/import", s.handlePlaybookImport)
	s.page("GET /playbooks/{name}", s.handlePlaybookShow)
	s.page("GET /playbooks/{name}/source", s.handlePlaybookSource)

	s.page("GET /account", s.handleAccount)
	s.form("POST /account/language", s.handleAccountLanguage)
	s.form("POST /account/profile", s.handleAccountProfile)
	s.form("POST /account/password", s.handleAccountPassword)
	s.form("POST /account/totp/start", s.handleAccountTOTPStart)
	s.page("GET /account/totp", s.handleAccountTOTPEnrolment)
	s.form("POST /account/totp/confirm", s.handleAccountTOTPConfirm)
	s.form("POST /account/totp/disable", s.handleAccountTOTPDisable)
	s.form("POST /account/tokens", s.handleAccountTokenCreate)
	s.form("POST /account/tokens/{id}/revoke", s.handleAccountTokenRevoke)

	s.page("GET /admin/users", s.handleAdminUsers)
	s.page("GET /admin/users/new", s.handleAdminUserNew)
	s.form("POST /admin/users", s.handleAdminUserCreate)
	s.form("POST /admin/users/{id}/role", s.handleAdminUserRole)
	s.form("POST /admin/users/{id}/disable", s.handleAdminUserDisable)
	s.form("POST /admin/users/{id}/enable", s.handleAdminUserEnable)
	s.form("POST /admin/users/{id}/password", s.handleAdminUserPassword)
	s.page("GET /admin/audit", s.handleAdminAudit)
	s.page("GET /admin/audit.csv", s.handleAdminAuditCSV)
}

// requireAdmin refuses every caller but an admin. Admin handlers call it
// before they read a form, so that nobody else learns even whether their
// input would have been valid; the services check again.
func requireAdmin(c *caller) error {
	if !c.Actor.IsAdmin() {
		return errs.E(errs.Forbidden, "only an admin may do this")
	}
	return nil
}
