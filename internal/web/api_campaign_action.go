package web

import "net/http"

// apiCampaignAction runs a campaign's state change and answers with the
// campaign as it is now. As on the page, the service checks the rights.
func (s *Server) apiCampaignAction(w http.ResponseWriter, r *http.Request, c *caller, step campaignStep) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid", "campaign")
	if err != nil {
		return err
	}
	if err := decodeOptionalJSON(r, &struct{}{}); err != nil {
		return err
	}
	if err := step(r.Context(), c.Actor, id, cid); err != nil {
		return err
	}
	v, err := s.cfg.Notify.Campaign(r.Context(), c.Actor, id, cid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, campaignJSON(v))
	return nil
}
