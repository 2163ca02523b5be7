package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// handleAPIInquiryUpdate changes the fields present in the body and
// answers the inquiry, masked.
func (s *Server) handleAPIInquiryUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayAnswer, "change inquiries")
	if err != nil {
		return err
	}
	iid, err := pathID(r, "iid", "inquiry")
	if err != nil {
		return err
	}
	var in apiInquiryPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ch, err := inquiryPatch(&in)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Hotline.UpdateInquiry(r.Context(), c.Actor, id, iid, ch); err != nil {
		return err
	}
	v, err := s.cfg.Hotline.Inquiry(r.Context(), c.Actor, id, iid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inquiryJSON(&v.Inquiry, s.cfg.Incidents.Now()))
	return nil
}

func inquiryPatch(in *apiInquiryPatch) (hotline.InquiryChange, error) {
	f := errs.Fields{}
	ch := hotline.InquiryChange{
		Status:     (*hotline.Status)(in.Status.ptr("status", f)),
		Outcome:    (*hotline.Outcome)(in.Outcome.ptr("outcome", f)),
		Topic:      in.Topic.ptr("topic", f),
		Questions:  in.Questions.ptr("questions", f),
		Answer:     in.Answer.ptr("answer", f),
		PersonID:   in.PersonID.ptr("person_id", f),
		AssigneeID: in.AssigneeID.ptr("assignee_id", f),
	}
	if in.Request.Set {
		req := hotline.RequestKind(in.Request.Value) // null: no request
		ch.Request = &req
	}
	if in.CallbackDue.Set {
		if in.CallbackDue.Null {
			ch.ClearCallback = true
		} else {
			ch.CallbackDue = parseTimePtr("callback_due", &in.CallbackDue.Value, f)
		}
	}
	if in.Notes.Set {
		ch.Notes = strings.TrimSpace(in.Notes.Value)
	}
	return ch, f.Err()
}
