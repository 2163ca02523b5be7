package web

import "net/http"

// handleCampaignCancel stops the campaign for good: pending messages are withdrawn.
func (s *Server) handleCampaignCancel(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.campaignAction(w, r, c, s.cfg.Notify.Cancel, "campaign_cancelled")
}
