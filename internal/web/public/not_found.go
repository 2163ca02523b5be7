package public

import "net/http"

// notFound answers everything the site does not serve, desk paths
// included, with the public 404 page in the path's language.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	sn := s.current.Load()
	serveDoc(w, r, sn.notFound[sn.lang(r.URL.Path)])
}
