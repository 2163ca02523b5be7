package web

// apiRoutes are the JSON API under /api/v1, described by openapi.json.
func (s *Server) apiRoutes() {
}

// isAPIPath reports whether a path belongs to the JSON API, whose errors
// are JSON too.
func isAPIPath(path string) bool { return len(path) >= 8 && path[:8] == "/api/v1/" }
