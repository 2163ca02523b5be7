package public

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/web/clientip"
)

// contentSecurityPolicy lets a page load only this site's own stylesheet
// and proof-of-work script and post only to itself.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// secureHeaders sets what every answer carries.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityHeaders {
			h[k] = v
		}
		if s.isTLS(r) {
			h["Strict-Transport-Security"] = hsts
		}
		next.ServeHTTP(w, r)
	})
}

// securityHeaders go on every answer; built once, as http.Header holds
// them, so that a spike does not allocate them anew per request.
var securityHeaders = http.Header{
	"Content-Security-Policy": {contentSecurityPolicy},
	"X-Content-Type-Options":  {"nosniff"},
	"X-Frame-Options":         {"DENY"},
	// Confirm and unsubscribe links carry their token in the path.
	"Referrer-Policy":            {"no-referrer"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), payment=()"},
}

var hsts = []string{"max-age=31536000"}

// setCORS opens a document to scripts of every site (Statuspage's widget,
// monitors): it is public, and no cookie is ever read here.
func setCORS(h http.Header) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Retry-After")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
}

// recoverPanics turns a panic into a 500 and a log line that names the
// route only: a panic value could hold a form's address.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("public site: panic in handler", "route", r.Pattern)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// isTLS reports whether the visitor reached us over TLS.
func (s *Server) isTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https"
}

// clientAddr is the visitor's address for the rate limits (see
// clientip.Of, which the desk uses too).
func (s *Server) clientAddr(r *http.Request) string {
	return clientip.Of(r, s.cfg.TrustProxy)
}
