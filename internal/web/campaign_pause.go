package web

import "net/http"

// handleCampaignPause stops sending; nothing is lost.
func (s *Server) handleCampaignPause(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.campaignAction(w, r, c, s.cfg.Notify.Pause, "campaign_paused")
}
