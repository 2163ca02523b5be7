package public

import (
	"io"
	"net/http"
)

// health answers load balancers: the site serves from memory, so it is up
// as long as the process is.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodHead {
		io.WriteString(w, "ok\n")
	}
}
