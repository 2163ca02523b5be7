package web

import (
	"net/http"
	"strconv"
)

// handleFilingDocument sends the exact document that was filed, as a
// download (never shown inline: it may be any file type), with its
// SHA-256 in a header for checking.
func (s *Server) handleFilingDocument(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	filingID, err := pathID(r, "filing", "filing")
	if err != nil {
		return err
	}
	f, doc, err := s.cfg.Obligations.FilingDocument(r.Context(), c.Actor, id, filingID)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", contentDisposition(f.DocName))
	h.Set("X-Content-SHA256", f.DocSHA256)
	h.Set("Content-Length", strconv.Itoa(len(doc)))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = w.Write(doc)
	return nil
}
