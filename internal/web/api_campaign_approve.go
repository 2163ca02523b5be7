package web

import "net/http"

// handleAPICampaignApprove approves a campaign as the second person; the creator is refused (four eyes).
func (s *Server) handleAPICampaignApprove(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.apiCampaignAction(w, r, c, s.cfg.Notify.Approve)
}
