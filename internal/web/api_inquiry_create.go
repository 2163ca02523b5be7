package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// handleAPIInquiryCreate logs an inquiry (a call taken on another system,
// a letter, a web form) and answers it, masked.
func (s *Server) handleAPIInquiryCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayAnswer, "log inquiries")
	if err != nil {
		return err
	}
	var in apiInquiryCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f := errs.Fields{}
	n := hotline.NewInquiry{
		Channel: hotline.Channel(in.Channel), PersonID: in.PersonID, Match: hotline.Match(in.Match), Lang: in.Lang,
		Topic: in.Topic, Questions: in.Questions, Answer: in.Answer, Outcome: hotline.Outcome(in.Outcome),
		Request: hotline.RequestKind(in.Request), CallbackDue: parseTimePtr("callback_due", in.CallbackDue, f),
		AssigneeID: in.AssigneeID, ScriptVersion: in.ScriptVersion, CallID: strings.TrimSpace(in.CallID),
		Private: hotline.Private{CallerName: strings.TrimSpace(in.CallerName), CallerPhone: strings.TrimSpace(in.CallerPhone),
			CallerEmail: strings.TrimSpace(in.CallerEmail), Notes: strings.TrimSpace(in.Notes)},
	}
	if err := f.Err(); err != nil {
		return err
	}
	q, err := s.cfg.Hotline.LogInquiry(r.Context(), c.Actor, id, n)
	if err != nil {
		return err
	}
	// The answer is the inquiry as stored, masked like every read.
	v, err := s.cfg.Hotline.Inquiry(r.Context(), c.Actor, id, q.ID)
	if err != nil {
		return err
	}
	created(w, apiPath("/incidents/%d/inquiries/%d", id, q.ID), inquiryJSON(&v.Inquiry, s.cfg.Incidents.Now()))
	return nil
}
