package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// handleAccountProfile saves the user's name, language and time zone.
func (s *Server) handleAccountProfile(w http.ResponseWriter, r *http.Request, c *caller) error {
	profile := auth.Profile{
		Name: r.PostFormValue("name"), Language: r.PostFormValue("language"), TimeZone: r.PostFormValue("time_zone"),
	}
	if err := s.cfg.Auth.UpdateProfile(r.Context(), c.Actor, profile); err != nil {
		return reshowOnUserError(err, func(status int) error {
			return s.renderAccount(w, r, c, status, r.PostForm, err)
		})
	}
	http.Redirect(w, r, "/account?done=account_profile_saved", http.StatusSeeOther)
	return nil
}
