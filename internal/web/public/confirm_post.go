package public

import "net/http"

// confirmPost confirms the subscription the token was mailed for.
func (s *Server) confirmPost(w http.ResponseWriter, r *http.Request) {
	s.tokenAction(w, r, "confirm", func(token string) error {
		_, err := s.cfg.Publish.Confirm(r.Context(), token)
		return err
	})
}
