package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// templatesPage lists an incident's notification templates.
type templatesPage struct {
	notifyFrame
	Templates []notify.Template
}

// Langs lists a template's languages, for the list.
func (p *templatesPage) Langs(t notify.Template) []string {
	out := make([]string, 0, len(t.Contents))
	for _, c := range t.Contents {
		out = append(out, c.Lang)
	}
	return out
}

// handleTemplateList shows the incident's templates with their languages.
func (s *Server) handleTemplateList(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadNotifyFrame(r, c, "templates.title", "templates")
	if err != nil {
		return err
	}
	ts, err := s.cfg.Notify.Templates(r.Context(), c.Actor, f.Inc.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "templates", &templatesPage{notifyFrame: *f, Templates: ts})
	return nil
}
