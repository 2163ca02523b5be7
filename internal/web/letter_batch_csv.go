package web

import (
	"fmt"
	"net/http"
	"strconv"
)

// handleLetterBatchCSV sends a batch's addresses as CSV for the print
// house.
func (s *Server) handleLetterBatchCSV(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, cid, batch, err := batchPath(r)
	if err != nil {
		return err
	}
	csv, err := s.cfg.Notify.BatchCSV(r.Context(), c.Actor, id, cid, batch)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", contentDisposition(fmt.Sprintf("campaign-%d-batch-%d-addresses.csv", cid, batch)))
	h.Set("Content-Length", strconv.Itoa(len(csv)))
	_, _ = w.Write(csv)
	return nil
}
