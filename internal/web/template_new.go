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
	// German and English to begin with; ?add=zh adds a language,
	// ?standard=all fills the standard texts.
	for _, lang := range []string{"de", "en"} {
		data.Sections = append(data.Sections, langSection{Lang: lang, Name: langName(lang)})
	}
	data.fillAddLangs()
	data.applyQuery(r.URL.Query())
	s.render(w, r, http.StatusOK, "template_edit", data)
	return nil
}
