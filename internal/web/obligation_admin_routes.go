package web

import (
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// obligationAdminRoutes are the breach register (admins and leads) and the
// admin pages of the regulator clock: the active rule set with its upload,
// and the authority directory. Without the obligation service they are
// left out.
func (s *Server) obligationAdminRoutes() {
	if s.cfg.Obligations == nil {
		return
	}
	s.page("GET /register", s.handleRegister)
	s.page("GET /register.csv", s.handleRegisterCSV)

	s.page("GET /admin/rules", s.handleAdminRules)
	s.page("GET /admin/rules.yaml", s.handleAdminRulesYAML)
	s.upload("POST /admin/rules", s.handleAdminRulesUpload)

	s.page("GET /admin/authorities", s.handleAdminAuthorities)
	s.page("GET /admin/authorities/new", s.handleAdminAuthorityNew)
	s.form("POST /admin/authorities", s.handleAdminAuthorityCreate)
	s.page("GET /admin/authorities/{id}/edit", s.handleAdminAuthorityEdit)
	s.form("POST /admin/authorities/{id}", s.handleAdminAuthorityUpdate)
}

// CanSeeRegister says whether the navigation links the breach register.
func (p *page) CanSeeRegister() bool {
	return p.User != nil && obligation.CanSeeRegister(auth.ActorFor(p.User, auth.ViaWeb, ""))
}
