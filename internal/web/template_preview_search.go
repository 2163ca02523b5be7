package web

import (
	"net/http"
	"strings"
)

// handleTemplatePreviewSearch finds persons in the register to preview
// the template for. It is a POST so that what was searched for, a
// person's e-mail or name, stays out of the address bar, the browser's
// history and any proxy's log.
func (s *Server) handleTemplatePreviewSearch(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showPreview(w, r, c, strings.TrimSpace(r.PostFormValue("q")))
}
