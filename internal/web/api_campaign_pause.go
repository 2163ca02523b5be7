package web

import "net/http"

// handleAPICampaignPause stops a running campaign where it is.
func (s *Server) handleAPICampaignPause(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.apiCampaignAction(w, r, c, s.cfg.Notify.Pause)
}
