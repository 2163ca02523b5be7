package public

import "net/http"

// serveCached answers every GET of a page, JSON document, feed or static
// file from the rendered snapshot: no database work per request.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request) {
	sn := s.current.Load()
	path := r.URL.Path
	if path == "/" {
		path = "/" + sn.defaultLan + "/"
	}
	d := sn.doc(path)
	if d == nil {
		s.notFound(w, r)
		return
	}
	serveDoc(w, r, d)
}
