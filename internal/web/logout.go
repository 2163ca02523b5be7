package web

import "net/http"

// handleLogout ends the session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := s.cfg.Auth.Logout(r.Context(), c.Actor, c.Token); err != nil {
		return err
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
