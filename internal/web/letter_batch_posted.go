package web

import (
	"net/http"
	"strconv"
)

// handleLetterBatchPosted records that the print house posted a batch:
// its letters count as delivered.
func (s *Server) handleLetterBatchPosted(w http.ResponseWriter, r *http.Request, c *caller) error {
	if _, _, err := s.notifyRights(r, c, mayEditCampaigns, "mark letters posted"); err != nil {
		return err
	}
	id, cid, batch, err := batchPath(r)
	if err != nil {
		return err
	}
	if err := s.cfg.Notify.MarkPosted(r.Context(), c.Actor, id, cid, batch); err != nil {
		return err
	}
	seeOther(w, r, campaignURL(id, cid)+"?done=batch_posted#batch-"+strconv.FormatInt(batch, 10))
	return nil
}
