package web

import (
	"context"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// campaignStep is one of the service's state changes of a campaign.
type campaignStep func(ctx context.Context, a auth.Actor, id, campaignID int64) error

// campaignAction runs a state change the buttons of the campaign page ask
// for, and goes back to the page with what happened. The buttons send no
// input, so the service alone checks the rights: a campaign of another
// incident is not found before the right to change it is asked. A refusal
// (the checker found problems, the state moved on) is shown on the error
// page with the service's reason.
func (s *Server) campaignAction(w http.ResponseWriter, r *http.Request, c *caller, step campaignStep, flash string) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid", "campaign")
	if err != nil {
		return err
	}
	if err := step(r.Context(), c.Actor, id, cid); err != nil {
		return err
	}
	seeOther(w, r, campaignURL(id, cid)+"?done="+flash)
	return nil
}
