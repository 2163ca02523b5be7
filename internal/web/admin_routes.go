package web

// adminRoutes are the playbook library, the user's own account, and the
// admin pages (users, audit trail).
func (s *Server) adminRoutes() {
	s.form("POST /account/language", s.handleAccountLanguage)
}
