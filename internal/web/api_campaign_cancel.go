package web

import "net/http"

// handleAPICampaignCancel stops a campaign for good; pending messages are withdrawn.
func (s *Server) handleAPICampaignCancel(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.apiCampaignAction(w, r, c, s.cfg.Notify.Cancel)
}
