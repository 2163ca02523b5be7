package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleTemplateCreate stores a new template.
func (s *Server) handleTemplateCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.saveTemplate(w, r, c, &notify.Template{})
}
