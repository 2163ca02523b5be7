package web

import (
	"net/http"
	"net/url"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleTOTPForm asks for the second factor after a correct password.
func (s *Server) handleTOTPForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, err := s.cfg.Auth.PendingSession(r.Context(), cookieValue(r, sessionCookie)); err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.showTOTP(w, r, http.StatusOK, next, nil)
}

func (s *Server) showTOTP(w http.ResponseWriter, r *http.Request, status int, next string, err error) {
	p := s.newPage(r, s.anonymous(r), "login.totp_title")
	token := auth.NewSecret()
	s.setCookie(w, r, loginCSRFCookie, token, 600)
	p.CSRF = token
	if err != nil {
		p.Problem = errs.MessageOf(err)
	}
	s.render(w, r, status, "login_totp", &loginPage{page: p, Next: next})
}

// handleTOTP checks the code and turns the pending session into a full one.
func (s *Server) handleTOTP(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.PostFormValue("next"))
	if !s.loginFormGenuine(r) {
		s.showTOTP(w, r, http.StatusForbidden, next, errs.E(errs.Forbidden, "the form has expired; please try again"))
		return
	}
	login, err := s.cfg.Auth.CompleteTOTP(r.Context(), cookieValue(r, sessionCookie), r.PostFormValue("code"), s.remoteAddr(r))
	if err != nil {
		s.logInternal(w, r, err)
		if _, gone := s.cfg.Auth.PendingSession(r.Context(), cookieValue(r, sessionCookie)); gone != nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		s.showTOTP(w, r, statusOf(errs.CodeOf(err)), next, err)
		return
	}
	s.setCookie(w, r, loginCSRFCookie, "", -1)
	s.setCookie(w, r, sessionCookie, login.Token, int(auth.SessionMaxAge.Seconds()))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
