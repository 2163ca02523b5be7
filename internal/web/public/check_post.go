package public

import "net/http"

// checkPost takes "am I affected?": the answer goes by mail to the address
// only, so the page is the same bytes for every well-formed address.
func (s *Server) checkPost(w http.ResponseWriter, r *http.Request) {
	lang := pageLang(r)
	sn := s.current.Load()
	if lang == "" || !sn.site.Page.SelfCheck {
		s.notFound(w, r)
		return
	}
	busyForm := func(email string) *formBody { return checkForm(lang, email, "") }
	if !s.admitForm(w, r, lang, busyForm) {
		return
	}
	if err := s.cfg.Publish.SelfCheck(r.Context(), r.PostForm.Get("email"), lang); err != nil {
		s.formError(w, r, lang, "check", err, func(email, problem string) *formBody { return checkForm(lang, email, problem) })
		return
	}
	serveDoc(w, r, sn.checkDone[lang])
}
