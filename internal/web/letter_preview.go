package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleLetterPreviewPDF renders the letter a person would get from a
// template, as a PDF.
func (s *Server) handleLetterPreviewPDF(w http.ResponseWriter, r *http.Request, c *caller) error {
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
	if s.cfg.Letters == nil {
		return errs.E(errs.NotFound, "PDF rendering is not available")
	}
	rendered, err := s.cfg.Notify.Preview(r.Context(), c.Actor, id, t.ID, personID, previewLang(r.URL.Query().Get("lang")))
	if err != nil {
		return err
	}
	pdf, err := s.cfg.Letters.RenderLetters([]notify.Letter{rendered.Letter})
	if err != nil {
		return err
	}
	sendPDF(w, fmt.Sprintf("template-%d-person-%d.pdf", t.ID, personID), pdf)
	return nil
}

// sendPDF sends a PDF as a download.
func sendPDF(w http.ResponseWriter, name string, pdf []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
}
