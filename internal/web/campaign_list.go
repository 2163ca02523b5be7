package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// campaignsPage lists an incident's campaigns with their progress.
type campaignsPage struct {
	notifyFrame
	Rows []campaignRow
}

type campaignRow struct {
	notify.CampaignView
	Progress progressView
}

// handleCampaignList shows the incident's campaigns, newest first, each
// with its state and a progress bar.
func (s *Server) handleCampaignList(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadNotifyFrame(r, c, "campaigns.title", "campaigns")
	if err != nil {
		return err
	}
	cs, err := s.cfg.Notify.Campaigns(r.Context(), c.Actor, f.Inc.ID)
	if err != nil {
		return err
	}
	data := &campaignsPage{notifyFrame: *f}
	for _, cv := range cs {
		data.Rows = append(data.Rows, campaignRow{CampaignView: cv, Progress: newProgressView(f.page, cv.Progress)})
	}
	s.render(w, r, http.StatusOK, "campaigns", data)
	return nil
}
