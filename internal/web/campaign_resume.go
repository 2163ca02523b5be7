package web

import "net/http"

// handleCampaignResume sends on where the campaign stopped.
func (s *Server) handleCampaignResume(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.campaignAction(w, r, c, s.cfg.Notify.Resume, "campaign_resumed")
}
