package web

import "net/http"

// handleRoot sends the browser to the incident list, which sends it on to
// the login page when needed.
func (s *Server) handleRoot(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/incidents", http.StatusSeeOther)
}
