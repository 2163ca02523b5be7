package web

import "net/http"

// handleCampaignApprove is the second pair of eyes: another user than the
// creator approves, and the template is frozen into the campaign. The
// service refuses the creator and while the checker finds problems.
func (s *Server) handleCampaignApprove(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.campaignAction(w, r, c, s.cfg.Notify.Approve, "campaign_approved")
}
