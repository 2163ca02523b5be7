package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleAccountPassword changes the user's own password after checking the
// current one. The user's other sessions end; this one stays.
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request, c *caller) error {
	current, next := r.PostFormValue("current_password"), r.PostFormValue("new_password")
	err := s.changePassword(r, c, current, next, r.PostFormValue("new_password2"))
	if err != nil {
		return reshowOnUserError(err, func(status int) error {
			return s.renderAccount(w, r, c, status, r.PostForm, err)
		})
	}
	http.Redirect(w, r, "/account?done=account_password_changed", http.StatusSeeOther)
	return nil
}

func (s *Server) changePassword(r *http.Request, c *caller, current, next, repeat string) error {
	f := errs.Fields{}
	if current == "" {
		f.Add("current_password", errs.Required)
	}
	if next == "" {
		f.Add("new_password", errs.Required)
	}
	auth.ValidatePassword("new_password", next, f)
	if next != repeat {
		f.Add("new_password2", errs.Mismatch)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.cfg.Auth.ChangePassword(r.Context(), c.Actor, current, next, c.Session.IDHash)
}
