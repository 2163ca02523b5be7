package public

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// validToken reports whether a confirm or unsubscribe token looks like
// one (base64url, a sane length), so junk never reaches the service.
func validToken(t string) bool {
	if len(t) < 16 || len(t) > 128 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// tokenAction is the shared part of confirm and unsubscribe: GET shows a
// button (mail scanners fetch links, so GET must change nothing), POST
// acts through act and shows done, or that the link is unknown.
func (s *Server) tokenAction(w http.ResponseWriter, r *http.Request, kind string, act func(token string) error) {
	lang, token := pageLang(r), r.PathValue("token")
	if lang == "" || !validToken(token) {
		s.notFound(w, r)
		return
	}
	T := texts[lang]
	action := "/" + lang + "/" + kind + "/" + token
	title, intro, button, done := T["confirm_title"], T["confirm_intro"], T["confirm_button"], T["confirm_done"]
	if kind == "unsubscribe" {
		title, intro, button, done = T["unsub_title"], T["unsub_intro"], T["unsub_button"], T["unsub_done"]
	}
	if r.Method != http.MethodPost {
		s.renderDynamic(w, lang, "action", "subscribe", &actionBody{Heading: title, Intro: intro, Action: action, Button: button}, http.StatusOK)
		return
	}
	if ok, wait := s.formLimit.allow(s.clientAddr(r)); !ok {
		s.tooMany(w, lang, wait)
		return
	}
	if err := act(token); err != nil {
		if errs.CodeOf(err) == errs.NotFound {
			s.renderDynamic(w, lang, "message", "subscribe", &messageBody{Heading: title, Lines: []string{T["link_unknown"]}}, http.StatusNotFound)
			return
		}
		s.log.Error("public site: "+kind+" failed", "code", string(errs.CodeOf(err)), "err", errs.MessageOf(err))
		s.renderDynamic(w, lang, "message", "subscribe", &messageBody{Heading: T["error_title"], Lines: []string{T["internal"]}}, http.StatusInternalServerError)
		return
	}
	s.renderDynamic(w, lang, "message", "subscribe", &messageBody{Heading: title, Lines: []string{done}}, http.StatusOK)
}
