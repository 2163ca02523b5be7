package web

import "net/http"

// handleAPICampaignResume sends a paused campaign on.
func (s *Server) handleAPICampaignResume(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.apiCampaignAction(w, r, c, s.cfg.Notify.Resume)
}
