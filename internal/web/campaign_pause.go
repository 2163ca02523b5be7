package web

import "net/http"

// handleCampaignPause stops sending; nothing is lost.
func (s *Server) handleCampaignPause(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.campaignAction(w, r, c, mayEditCampaigns, "pause campaigns", s.cfg.Notify.Pause, "campaign_paused")
}
