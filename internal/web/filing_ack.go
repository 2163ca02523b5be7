package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleFilingAck records that the authority acknowledged a filing.
func (s *Server) handleFilingAck(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "record acknowledgements")
	if err != nil {
		return err
	}
	filingID, err := pathID(r, "filing", "filing")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	at := parseInputTime("ack_at", r.PostFormValue("ack_at"), c.Loc, f)
	if err := f.Err(); err != nil {
		return err
	}
	if err := s.cfg.Obligations.Acknowledge(r.Context(), c.Actor, inc.ID, filingID, at, r.PostFormValue("ack_note")); err != nil {
		return err
	}
	seeOther(w, r, obligationsURL(inc.ID)+"?done=duty_acknowledged#filing-"+strconv.FormatInt(filingID, 10))
	return nil
}
