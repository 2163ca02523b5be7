package web

import "net/http"

// handleAPIInquiryShow returns one inquiry, masked, with its mails'
// metadata (no bodies, no addresses).
func (s *Server) handleAPIInquiryShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, nil, "")
	if err != nil {
		return err
	}
	iid, err := pathID(r, "iid", "inquiry")
	if err != nil {
		return err
	}
	v, err := s.cfg.Hotline.Inquiry(r.Context(), c.Actor, id, iid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inquiryDetailJSON(v, s.cfg.Incidents.Now()))
	return nil
}
