package web

import "net/http"

// handleAPICampaignList lists the incident's campaigns with their progress.
func (s *Server) handleAPICampaignList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	cs, err := s.cfg.Notify.Campaigns(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	out := struct {
		Campaigns []apiCampaign `json:"campaigns"`
	}{Campaigns: make([]apiCampaign, 0, len(cs))}
	for i := range cs {
		out.Campaigns = append(out.Campaigns, campaignJSON(&cs[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
