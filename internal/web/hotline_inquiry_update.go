package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// handleHotlineInquiryUpdate changes an inquiry's outcome, topic,
// assignee or callback, closes or reopens it, and adds to the notes. An
// escalation mails the assignee (the service queues it).
func (s *Server) handleHotlineInquiryUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayAnswer, "change inquiries")
	if err != nil {
		return err
	}
	iid, err := pathID(r, "iid", "inquiry")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	ch := parseInquiryChange(r.PostForm, c.Loc, f)
	err = f.Err()
	if err == nil {
		_, err = s.cfg.Hotline.UpdateInquiry(r.Context(), c.Actor, id, iid, ch)
	}
	if err == nil {
		seeOther(w, r, inquiryURL(id, iid)+"?done=inquiry_updated")
		return nil
	}
	if !errs.Is(err, errs.Invalid) {
		return err
	}
	return s.inquiryFormFailed(w, r, c, err)
}

// inquiryFormFailed shows the inquiry again with the form the service
// refused, the agent's input and what to fix.
func (s *Server) inquiryFormFailed(w http.ResponseWriter, r *http.Request, c *caller, err error) error {
	f, lerr := s.loadHotlineFrame(r, c, "inquiry.title", "inquiries")
	if lerr != nil {
		return lerr
	}
	iid, lerr := pathID(r, "iid", "inquiry")
	if lerr != nil {
		return lerr
	}
	data := &inquiryPage{hotlineFrame: f}
	if data.View, lerr = s.cfg.Hotline.Inquiry(r.Context(), c.Actor, f.Inc.ID, iid); lerr != nil {
		return lerr
	}
	refillForm(data.page, r, err)
	if lerr := s.fillInquiryPage(r, c, data); lerr != nil {
		return lerr
	}
	s.render(w, r, http.StatusUnprocessableEntity, "hotline_inquiry", data)
	return nil
}

// parseInquiryChange reads the change form: the fields it shows are set
// as the form has them; an empty callback time drops the callback.
func parseInquiryChange(form url.Values, loc *time.Location, f errs.Fields) hotline.InquiryChange {
	var ch hotline.InquiryChange
	if _, ok := form["outcome"]; ok {
		o := hotline.Outcome(form.Get("outcome"))
		ch.Outcome = &o
		req := hotline.RequestKind(form.Get("request"))
		if o != hotline.DataRequest {
			req = hotline.NoRequest
		} else if req == hotline.NoRequest {
			f.Add("request", errs.Required)
		}
		ch.Request = &req
	}
	if _, ok := form["topic"]; ok {
		t := strings.TrimSpace(form.Get("topic"))
		ch.Topic = &t
	}
	if _, ok := form["assignee_id"]; ok {
		a := inquiryFormID(form, "assignee_id", f)
		ch.AssigneeID = &a
	}
	if _, ok := form["callback_due"]; ok {
		if due := parseInputTime("callback_due", form.Get("callback_due"), loc, f); due.IsZero() {
			ch.ClearCallback = true
		} else {
			ch.CallbackDue = &due
		}
	}
	if st := form.Get("status"); st != "" {
		status := hotline.Status(st)
		ch.Status = &status
	}
	ch.Notes = strings.TrimSpace(form.Get("notes"))
	return ch
}
