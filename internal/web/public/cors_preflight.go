package public

import "net/http"

// corsPreflight answers a browser's preflight for the JSON documents and
// the range endpoint: any site may read them with GET or HEAD.
func (s *Server) corsPreflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	setCORS(h)
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		// Echoing is safe: nothing here reads credentials.
		h.Set("Access-Control-Allow-Headers", req)
	}
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Cache-Control", "public, max-age=86400")
	w.WriteHeader(http.StatusNoContent)
}
