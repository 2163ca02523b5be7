package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleHotlineAttachment sends a file that came with a mail inquiry. It is
// always a download, never shown inside the desk, and goes out as
// application/octet-stream unless harmless; the service audits it. The
// inquiry page warns before the link when the scanner found personal data
// in it. A file someone sent is their data unmasked: only those who may
// reveal a caller may download it.
func (s *Server) handleHotlineAttachment(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayReveal, "download what a caller sent")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid", "attachment")
	if err != nil {
		return err
	}
	att, name, err := s.cfg.Hotline.Attachment(r.Context(), c.Actor, id, aid)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", downloadType(&incident.Attachment{ContentType: att.ContentType}))
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("Content-Length", strconv.Itoa(len(att.Content)))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = w.Write(att.Content)
	return nil
}
