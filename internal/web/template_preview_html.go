package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// mailPreviewCSP lets the e-mail's HTML keep its inline styles and
// nothing else: no script, no outside image, no form, and it is
// sandboxed, so even a tag that slipped through could not reach the desk.
const mailPreviewCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
	"frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"

// handleTemplatePreviewHTML sends the HTML part of a person's e-mail, for
// the frame of the preview page.
func (s *Server) handleTemplatePreviewHTML(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	t, err := s.loadTemplate(r, c, id)
	if err != nil {
		return err
	}
	personID, err := strconv.ParseInt(r.URL.Query().Get("person"), 10, 64)
	if err != nil || personID <= 0 {
		return errs.E(errs.NotFound, "no such person")
	}
	rendered, err := s.cfg.Notify.Preview(r.Context(), c.Actor, id, t.ID, personID, previewLang(r.URL.Query().Get("lang")))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Security-Policy", mailPreviewCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(rendered.Message.HTML))
	return nil
}
