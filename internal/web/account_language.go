package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// handleAccountLanguage switches the user's language from the top bar and
// returns to the page they were on.
func (s *Server) handleAccountLanguage(w http.ResponseWriter, r *http.Request, c *caller) error {
	lang := r.PostFormValue("language")
	if !auth.ValidLanguage(lang) {
		lang = ""
	}
	if err := s.cfg.Auth.UpdateProfile(r.Context(), c.Actor, auth.Profile{Name: c.User.Name, Language: lang, TimeZone: c.User.TimeZone}); err != nil {
		return err
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}
