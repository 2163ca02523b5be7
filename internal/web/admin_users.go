package web

import (
	"net/http"
	"net/url"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

type adminUsersPage struct {
	*page
	Users []auth.User
	Roles []auth.Role
	// Target is the user whose form failed: its panel opens with the
	// errors.
	Target int64
}

// handleAdminUsers lists every user of the desk with their role, second
// factor and last login, and the forms to change them. Admins only.
func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.renderAdminUsers(w, r, c, http.StatusOK, 0, nil, nil)
}

// renderAdminUsers shows the user list; after a refused change, with the
// service's message and the failed form's field errors on user target.
func (s *Server) renderAdminUsers(w http.ResponseWriter, r *http.Request, c *caller, status int, target int64, form url.Values, err error) error {
	users, uerr := s.cfg.Auth.Users(r.Context(), c.Actor)
	if uerr != nil {
		return uerr
	}
	p := s.newPage(r, c, "admin_users.title")
	p.Nav = "users"
	for name, values := range form {
		if !isPasswordField(name) && name != "csrf" {
			p.Form[name] = values
		}
	}
	if err != nil {
		for name, key := range errs.FieldsOf(err) {
			p.Errors[name] = key
		}
		if len(p.Errors) == 0 {
			p.Problem = errs.MessageOf(err)
		}
	}
	s.render(w, r, status, "admin_users", &adminUsersPage{page: p, Users: users, Roles: auth.Roles, Target: target})
	return nil
}
