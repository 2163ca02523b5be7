package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleTemplateNew shows an empty editor; "start from the standard text"
// (?standard=all) fills it with the texts in German, English and Chinese.
func (s *Server) handleTemplateNew(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadNotifyFrame(r, c, "template.title_new", "templates")
	if err != nil {
		return err
	}
	if !f.Rights.Edit {
		return errForbidden("write templates")
	}
	data := s.newTemplateEditPage(f, &notify.Template{IncidentID: f.Inc.ID, Fallback: "en"})
	q := r.URL.Query()
	if len(q) == 0 {
		q.Set("add", "de")
	}
	data.applyQuery(q)
	if q.Get("add") == "de" && !data.hasLang("en") {
		data.Sections = append(data.Sections, langSection{Lang: "en", Name: langName("en")})
		data.fillAddLangs()
	}
	s.render(w, r, http.StatusOK, "template_edit", data)
	return nil
}
