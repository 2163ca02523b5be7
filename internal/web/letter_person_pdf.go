package web

import (
	"fmt"
	"net/http"
)

// handleLetterPersonPDF sends one person's letter of a campaign.
func (s *Server) handleLetterPersonPDF(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid", "campaign")
	if err != nil {
		return err
	}
	person, err := pathID(r, "person", "person")
	if err != nil {
		return err
	}
	pdf, err := s.cfg.Notify.LetterPDF(r.Context(), c.Actor, id, cid, person)
	if err != nil {
		return err
	}
	sendPDF(w, fmt.Sprintf("campaign-%d-person-%d.pdf", cid, person), pdf)
	return nil
}
