package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleAdminUserRole changes a user's role. The service refuses to demote
// the last active admin; the list then shows why.
func (s *Server) handleAdminUserRole(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.applyAdminUserChange(w, r, c, "admin_role_changed", func(id int64) error {
		return s.cfg.Auth.SetRole(r.Context(), c.Actor, id, auth.Role(r.PostFormValue("role")))
	})
}

// handleAdminUserDisable locks a user out: their sessions end at once and
// their tokens stop working. The last active admin cannot be disabled.
func (s *Server) handleAdminUserDisable(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.applyAdminUserChange(w, r, c, "admin_user_disabled", func(id int64) error {
		return s.cfg.Auth.SetDisabled(r.Context(), c.Actor, id, true)
	})
}

// handleAdminUserEnable lets a disabled user log in again.
func (s *Server) handleAdminUserEnable(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.applyAdminUserChange(w, r, c, "admin_user_enabled", func(id int64) error {
		return s.cfg.Auth.SetDisabled(r.Context(), c.Actor, id, false)
	})
}

// handleAdminUserPassword sets a new password for a user who lost theirs,
// typed twice. Their sessions end; their second factor stays.
func (s *Server) handleAdminUserPassword(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.applyAdminUserChange(w, r, c, "admin_password_reset", func(id int64) error {
		password := r.PostFormValue("password")
		f := errs.Fields{}
		auth.ValidatePassword("password", password, f)
		if password != r.PostFormValue("password2") {
			f.Add("password2", errs.Mismatch)
		}
		if err := f.Err(); err != nil {
			return err
		}
		return s.cfg.Auth.ResetPassword(r.Context(), c.Actor, id, password)
	})
}

// applyAdminUserChange runs one admin change of user {id}: back to the list with a
// flash when it worked, the list with the reason and the form's errors
// when the service refused.
func (s *Server) applyAdminUserChange(w http.ResponseWriter, r *http.Request, c *caller, done string, change func(id int64) error) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	id, err := pathID(r, "id", "user")
	if err != nil {
		return err
	}
	if err := change(id); err != nil {
		return reshowOnUserError(err, func(status int) error {
			return s.renderAdminUsers(w, r, c, status, id, r.PostForm, err)
		})
	}
	http.Redirect(w, r, "/admin/users?done="+done+"#user-"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}
