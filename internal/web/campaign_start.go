package web

import "net/http"

// handleCampaignStart queues the ledger and starts sending.
func (s *Server) handleCampaignStart(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.campaignAction(w, r, c, s.cfg.Notify.Start, "campaign_started")
}
