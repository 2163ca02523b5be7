package public

import "net/http"

// subscribePost starts a double opt-in. The page is the same bytes for
// every well-formed address, new or known, so it tells nobody who reads
// the updates.
func (s *Server) subscribePost(w http.ResponseWriter, r *http.Request) {
	lang := pageLang(r)
	if lang == "" {
		s.notFound(w, r)
		return
	}
	if !s.admitForm(w, r, lang, func(email string) *formBody { return subscribeForm(lang, email, "") }) {
		return
	}
	if err := s.cfg.Publish.Subscribe(r.Context(), r.PostForm.Get("email"), lang); err != nil {
		s.formError(w, r, lang, "subscribe", err, func(email, problem string) *formBody { return subscribeForm(lang, email, problem) })
		return
	}
	serveDoc(w, r, s.current.Load().subDone[lang])
}
