package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleAPICampaignCreate creates a campaign as a draft; a second person
// approves it before it can start.
func (s *Server) handleAPICampaignCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.notifyRights(r, c, mayEditCampaigns, "create campaigns")
	if err != nil {
		return err
	}
	var in apiNewCampaign
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Kind == "" {
		in.Kind = string(notify.Individual)
	}
	cp, err := s.cfg.Notify.CreateCampaign(r.Context(), c.Actor, id, notify.NewCampaign{
		Name: strings.TrimSpace(in.Name), Kind: notify.Kind(in.Kind), SegmentID: in.SegmentID, TemplateID: in.TemplateID,
		Channel: notify.Channel(in.Channel), LetterFallback: in.LetterFallback,
	})
	if err != nil {
		return err
	}
	v, err := s.cfg.Notify.Campaign(r.Context(), c.Actor, id, cp.ID)
	if err != nil {
		return err
	}
	created(w, apiPath("/incidents/%d/campaigns/%d", id, cp.ID), campaignJSON(v))
	return nil
}
