package web

// sessionRoutes log people in and out.
func (s *Server) sessionRoutes() {
	s.open("GET /login", s.handleLoginForm)
	s.open("POST /login", s.handleLogin)
	s.open("GET /login/totp", s.handleTOTPForm)
	s.open("POST /login/totp", s.handleTOTP)
	s.form("POST /logout", s.handleLogout)
}
