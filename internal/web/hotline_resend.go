package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleHotlineResend queues a caller's notification again: a new attempt
// in the campaign's ledger, sent by its runner like every other, so that
// the ledger still says what went to whom.
func (s *Server) handleHotlineResend(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayAnswer, "resend notifications")
	if err != nil {
		return err
	}
	pid, err := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	if err != nil || pid <= 0 {
		return errNoPerson
	}
	cid, err := strconv.ParseInt(r.PostFormValue("campaign"), 10, 64)
	if err != nil || cid <= 0 {
		return errs.E(errs.NotFound, "no such campaign")
	}
	if err := s.cfg.Hotline.Resend(r.Context(), c.Actor, id, cid, pid); err != nil {
		return err
	}
	q := url.Values{"person": {strconv.FormatInt(pid, 10)}, "done": {"hotline_resent"}}
	seeOther(w, r, hotlineURL(id)+"?"+q.Encode())
	return nil
}
