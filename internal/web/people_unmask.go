package web

import "net/http"

// handlePersonUnmask shows a person's contact data to a role that writes
// to them. It is a POST with the form's token, so that no link, prefetch
// or stray reload can unmask anyone; the service audits every view.
func (s *Server) handlePersonUnmask(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showPerson(w, r, c, true)
}
