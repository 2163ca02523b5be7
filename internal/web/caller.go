package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/i18n"
)

// caller is who is calling and how to speak to them.
type caller struct {
	User    *auth.User
	Session *auth.Session // nil for API callers
	Actor   auth.Actor
	Lang    string
	Loc     *time.Location
	Token   string // the session cookie value, for logout and rotation
}

const sessionCookie = "bd_session"

// withSession wraps a handler that needs a logged-in user. With checkCSRF,
// the request must also carry the session's CSRF token.
func (s *Server) withSession(checkCSRF bool, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := cookieValue(r, sessionCookie)
		sess, u, err := s.cfg.Auth.SessionUser(r.Context(), token)
		if err != nil {
			if errs.Is(err, errs.Unauthorized) {
				s.toLogin(w, r)
				return
			}
			s.pageError(w, r, s.anonymous(r), err)
			return
		}
		c := s.callerFor(r, u, sess, token)
		if checkCSRF {
			if err := s.checkCSRF(r, sess); err != nil {
				s.pageError(w, r, c, err)
				return
			}
		}
		if err := h(w, r, c); err != nil {
			s.pageError(w, r, c, err)
		}
	})
}

// toLogin sends a browser without a valid session to the login page,
// remembering where it wanted to go.
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) checkCSRF(r *http.Request, sess *auth.Session) error {
	if err := s.crossOrigin.Check(r); err != nil {
		return errs.E(errs.Forbidden, "the request came from another site")
	}
	sent := r.Header.Get("X-CSRF-Token")
	if sent == "" {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			// In memory up to the route's body limit, which bounds it:
			// an upload of affected persons' data must never land
			// unencrypted in a temporary file.
			if err := r.ParseMultipartForm(s.cfg.MaxUpload); err != nil {
				return bodyError(err)
			}
		}
		sent = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(sent), []byte(sess.CSRF)) != 1 {
		return errs.E(errs.Forbidden, "the form has expired; reload the page and try again")
	}
	return nil
}

// withToken wraps an API handler: the caller is the owner of the bearer
// token.
func (s *Server) withToken(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="breachdesk"`)
			writeJSONError(w, errs.E(errs.Unauthorized, "missing API token: send Authorization: Bearer <token>"))
			return
		}
		u, err := s.cfg.Auth.TokenUser(r.Context(), strings.TrimSpace(bearer))
		if err != nil {
			if errs.Is(err, errs.Unauthorized) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="breachdesk", error="invalid_token"`)
			}
			s.apiError(w, r, err)
			return
		}
		c := &caller{User: u, Actor: auth.ActorFor(u, auth.ViaAPI, s.remoteAddr(r)), Lang: i18n.Default, Loc: time.UTC}
		if err := h(w, r, c); err != nil {
			s.apiError(w, r, err)
		}
	})
}

func (s *Server) callerFor(r *http.Request, u *auth.User, sess *auth.Session, token string) *caller {
	lang := u.Language
	if !i18n.Supported(lang) {
		lang = i18n.Negotiate(r.Header.Get("Accept-Language"))
	}
	return &caller{
		User: u, Session: sess, Token: token, Lang: lang, Loc: s.location(u.TimeZone),
		Actor: auth.ActorFor(u, auth.ViaWeb, s.remoteAddr(r)),
	}
}

// location returns the user's chosen zone, or the desk's. Zones are cached:
// loading one parses the embedded zone database.
func (s *Server) location(name string) *time.Location {
	if name == "" {
		return s.cfg.Location
	}
	if loc, ok := s.zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return s.cfg.Location
	}
	s.zones.Store(name, loc)
	return loc
}

// anonymous is the caller of open pages.
func (s *Server) anonymous(r *http.Request) *caller {
	return &caller{
		Actor: auth.Actor{Via: auth.ViaWeb, Addr: s.remoteAddr(r)},
		Lang:  i18n.Negotiate(r.Header.Get("Accept-Language")),
		Loc:   s.cfg.Location,
	}
}

func cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure over TLS. A
// maxAge of -1 deletes it.
func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || s.isTLS(r),
	})
}
