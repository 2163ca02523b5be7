package web

// publishRoutes are the desk's pages of the public side: statements with
// their four-eyes approval, the systems status, the page's settings. The
// public site itself is internal/web/public, on its own listener.
func (s *Server) publishRoutes() {
	if s.cfg.Publish == nil {
		return
	}
}
