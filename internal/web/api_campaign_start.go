package web

import "net/http"

// handleAPICampaignStart queues an approved campaign's ledger and starts sending.
func (s *Server) handleAPICampaignStart(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.apiCampaignAction(w, r, c, s.cfg.Notify.Start)
}
