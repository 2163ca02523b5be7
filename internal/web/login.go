package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// loginCSRFCookie protects the login form itself (login CSRF): the form
// carries the cookie's value, which another site cannot read.
const loginCSRFCookie = "bd_login"

type loginPage struct {
	*page
	Next string
}

// handleLoginForm shows the login form, or skips it for a logged-in user.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, _, err := s.cfg.Auth.SessionUser(r.Context(), cookieValue(r, sessionCookie)); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, next, nil)
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, next string, err error) {
	p := s.newPage(r, s.anonymous(r), "login.title")
	token := auth.NewSecret()
	s.setCookie(w, r, loginCSRFCookie, token, 3600)
	p.CSRF = token
	if err != nil {
		p.Problem = errs.MessageOf(err)
		p.Form.Set("email", r.PostFormValue("email"))
	}
	s.render(w, r, status, "login", &loginPage{page: p, Next: next})
}

// handleLogin checks the password and starts a session, or a pending one
// when the user has a second factor.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.PostFormValue("next"))
	if !s.loginFormGenuine(r) {
		s.showLogin(w, r, http.StatusForbidden, next, errs.E(errs.Forbidden, "the form has expired; please try again"))
		return
	}
	login, err := s.cfg.Auth.Login(r.Context(), r.PostFormValue("email"), r.PostFormValue("password"), s.remoteAddr(r))
	if err != nil {
		s.logInternal(w, r, err)
		s.showLogin(w, r, statusOf(errs.CodeOf(err)), next, err)
		return
	}
	s.setCookie(w, r, loginCSRFCookie, "", -1)
	s.setCookie(w, r, sessionCookie, login.Token, int(auth.SessionMaxAge.Seconds()))
	if login.NeedTOTP {
		http.Redirect(w, r, "/login/totp?next="+urlQueryEscape(next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) loginFormGenuine(r *http.Request) bool {
	if s.crossOrigin.Check(r) != nil {
		return false
	}
	want := cookieValue(r, loginCSRFCookie)
	got := r.PostFormValue("csrf")
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") || strings.HasPrefix(next, "/login") {
		return "/incidents"
	}
	return next
}
