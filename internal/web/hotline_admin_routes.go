package web

// hotlineAdminRoutes is a placeholder until the hotline's dashboard,
// scripts, settings and phone-system routes arrive (branch h6-cti).
func (s *Server) hotlineAdminRoutes() {}
