package web

import (
	"fmt"
	"net/http"
)

// handleLetterBatchPDF sends a batch's letters as one PDF for the print
// house, each letter starting on a new page.
func (s *Server) handleLetterBatchPDF(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, cid, batch, err := batchPath(r)
	if err != nil {
		return err
	}
	pdf, err := s.cfg.Notify.BatchPDF(r.Context(), c.Actor, id, cid, batch)
	if err != nil {
		return err
	}
	sendPDF(w, fmt.Sprintf("campaign-%d-batch-%d.pdf", cid, batch), pdf)
	return nil
}

// batchPath reads the incident, campaign and batch IDs of the path.
func batchPath(r *http.Request) (id, cid, batch int64, err error) {
	if id, err = pathID(r, "id", "incident"); err != nil {
		return
	}
	if cid, err = pathID(r, "cid", "campaign"); err != nil {
		return
	}
	batch, err = pathID(r, "batch", "letter batch")
	return
}
