package public

import "net/http"

// unsubscribePost ends a subscription: the button's post, and the RFC 8058
// one-click post a mail provider sends for List-Unsubscribe-Post.
func (s *Server) unsubscribePost(w http.ResponseWriter, r *http.Request) {
	s.tokenAction(w, r, "unsubscribe", func(token string) error {
		_, err := s.cfg.Publish.Unsubscribe(r.Context(), token)
		return err
	})
}
