package web

import "net/http"

// handleAPICampaignShow returns one campaign: its state, the ledger
// counted by state and channel, the rate, the ETA and messages per minute.
func (s *Server) handleAPICampaignShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid", "campaign")
	if err != nil {
		return err
	}
	v, err := s.cfg.Notify.Campaign(r.Context(), c.Actor, id, cid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, campaignJSON(v))
	return nil
}
