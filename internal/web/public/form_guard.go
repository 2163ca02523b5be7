package public

import (
	"net/http"
	"strconv"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// maxForm bounds a form post: one address and a proof of work.
const maxForm = 4 << 10

// pageLang is the path's language when it is one of the site's; "" else.
func pageLang(r *http.Request) string {
	l := r.PathValue("lang")
	for _, k := range publish.Languages {
		if l == k {
			return k
		}
	}
	return ""
}

// admitForm applies the limits of a form post before it costs anything:
// the client's bucket, then the global load, above which a proof of work
// must come with the post. It answers the refusal itself and returns
// false; the form's fields are read when it returns true.
func (s *Server) admitForm(w http.ResponseWriter, r *http.Request, lang string, form func(email string) *formBody) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.renderDynamic(w, lang, "message", "", &messageBody{Heading: texts[lang]["error_title"], Lines: []string{texts[lang]["invalid_email"]}}, http.StatusBadRequest)
		return false
	}
	if ok, wait := s.formLimit.allow(s.clientAddr(r)); !ok {
		s.tooMany(w, lang, wait)
		return false
	}
	if s.pow.verify(r.PostForm.Get("pow_challenge"), r.PostForm.Get("pow_solution")) {
		return true
	}
	if ok, _ := s.global.allow(""); ok {
		return true
	}
	// Busy: show the form again with a challenge that pow.js solves and
	// sends; without JavaScript the page says to come back in a minute.
	body := form(r.PostForm.Get("email"))
	body.Busy, body.Challenge = true, s.pow.issue()
	w.Header().Set("Retry-After", "60")
	s.renderDynamic(w, lang, "form", "", body, http.StatusTooManyRequests)
	return false
}

// tooMany answers 429 with Retry-After and a page in the visitor's
// language; it is the same for every address.
func (s *Server) tooMany(w http.ResponseWriter, lang string, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter(wait)))
	T := texts[lang]
	s.renderDynamic(w, lang, "message", "", &messageBody{Heading: T["error_title"], Lines: []string{T["too_many"]}}, http.StatusTooManyRequests)
}

// formError answers an error of the service behind a form: a malformed
// address re-shows the form with its message, anything else is logged
// (without the address) and answered with the same page for everyone.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, lang, nav string, err error, form func(email, problem string) *formBody) {
	if errs.CodeOf(err) == errs.Invalid {
		s.renderDynamic(w, lang, "form", nav, form(r.PostForm.Get("email"), texts[lang]["invalid_email"]), http.StatusUnprocessableEntity)
		return
	}
	s.log.Error("public site: form failed", "route", r.Pattern, "code", string(errs.CodeOf(err)), "err", errs.MessageOf(err))
	T := texts[lang]
	s.renderDynamic(w, lang, "message", nav, &messageBody{Heading: T["error_title"], Lines: []string{T["internal"]}}, http.StatusInternalServerError)
}

// renderDynamic renders a page that is not cached (it carries the
// visitor's own input or token) in the current site's frame.
func (s *Server) renderDynamic(w http.ResponseWriter, lang, page, nav string, body any, status int) {
	sn := s.current.Load()
	m := newModel(sn.site, s.cfg.BaseURL, sn.rendered)
	l := frame(m, lang, nav, "", "/", body)
	l.Script = page == "form"
	b, err := s.execute(page, l)
	if err != nil {
		s.log.Error("public site: render failed", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Set("Cache-Control", neverCache)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
