package public

import "net/http"

// unsubscribeShow shows the button that ends a subscription; the link in
// every update mail lands here.
func (s *Server) unsubscribeShow(w http.ResponseWriter, r *http.Request) {
	s.tokenAction(w, r, "unsubscribe", nil)
}
