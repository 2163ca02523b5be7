package public

import "net/http"

// confirmShow shows the button that confirms a subscription; the link in
// the mail lands here.
func (s *Server) confirmShow(w http.ResponseWriter, r *http.Request) {
	s.tokenAction(w, r, "confirm", nil)
}
