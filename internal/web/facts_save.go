package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// handleFactsSave stores the facts; duties whose inputs changed are
// recomputed, and both land on the timeline.
func (s *Server) handleFactsSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "change the facts of this incident")
	if err != nil {
		return err
	}
	bad := errs.Fields{}
	_, err = s.cfg.Obligations.SetFacts(r.Context(), c.Actor, inc.ID, func(f *obligation.Facts) error {
		factsFromForm(r.PostForm, c.Loc, bad, f)
		return bad.Err()
	})
	if err != nil {
		if refusedForm("facts", r, err) == nil {
			return err
		}
		return s.showFacts(w, r, c, inc.ID, err)
	}
	seeOther(w, r, obligationsURL(inc.ID)+"?done=facts_saved")
	return nil
}
