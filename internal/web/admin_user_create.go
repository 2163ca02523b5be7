package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

type adminUserNewPage struct {
	*page
	Roles []auth.Role
}

// handleAdminUserNew shows the form for a new user. Admins only.
func (s *Server) handleAdminUserNew(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	s.renderAdminUserNew(w, r, c, http.StatusOK, url.Values{"role": {string(auth.RoleResponder)}, "language": {c.Lang}}, nil)
	return nil
}

// handleAdminUserCreate adds a user with an initial password, typed twice.
// The new user should change it at the first login.
func (s *Server) handleAdminUserCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	n := auth.NewUser{
		Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: auth.Role(r.PostFormValue("role")),
		Language: r.PostFormValue("language"), Password: r.PostFormValue("password"),
	}
	err := checkNewUser(n, r.PostFormValue("password2"))
	if err == nil {
		_, err = s.cfg.Auth.CreateUser(r.Context(), c.Actor, n)
	}
	if err != nil {
		if len(errs.FieldsOf(err)) == 0 {
			return err
		}
		s.renderAdminUserNew(w, r, c, http.StatusBadRequest, r.PostForm, err)
		return nil
	}
	http.Redirect(w, r, "/admin/users?done=admin_user_created", http.StatusSeeOther)
	return nil
}

// checkNewUser finds every mistake in the form at once, the repeated
// password included, before anything is stored; the service checks the
// same rules again and whether the address is taken.
func checkNewUser(n auth.NewUser, repeat string) error {
	f := errs.Fields{}
	switch email := auth.NormalizeEmail(n.Email); {
	case email == "":
		f.Add("email", errs.Required)
	case !auth.ValidEmail(email):
		f.Add("email", errs.InvalidEmail)
	}
	if utf8.RuneCountInString(strings.TrimSpace(n.Name)) > auth.MaxNameLen {
		f.Add("name", errs.TooLong)
	}
	if !n.Role.Valid() {
		f.Add("role", errs.InvalidChoice)
	}
	if n.Language != "" && !auth.ValidLanguage(n.Language) {
		f.Add("language", errs.InvalidChoice)
	}
	auth.ValidatePassword("password", n.Password, f)
	if n.Password != repeat {
		f.Add("password2", errs.Mismatch)
	}
	return f.Err()
}

func (s *Server) renderAdminUserNew(w http.ResponseWriter, r *http.Request, c *caller, status int, form url.Values, err error) {
	p := s.newPage(r, c, "admin_user_new.title")
	p.Nav = "users"
	for name, values := range form {
		if !isPasswordField(name) && name != "csrf" {
			p.Form[name] = values
		}
	}
	for name, key := range errs.FieldsOf(err) {
		p.Errors[name] = key
	}
	s.render(w, r, status, "admin_user_new", &adminUserNewPage{page: p, Roles: auth.Roles})
}
