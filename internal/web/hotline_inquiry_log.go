package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// handleHotlineInquiryLog records the call (or letter, or question at the
// door) an agent just took, with the script version they were shown. A
// form the service refuses comes back with the agent's input and what to
// fix.
func (s *Server) handleHotlineInquiryLog(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayAnswer, "log inquiries")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	n := parseNewInquiry(r.PostForm, c.Loc, f)
	// A form that could not be read goes nowhere: nothing half-logged.
	err = f.Err()
	var q *hotline.Inquiry
	if err == nil {
		q, err = s.cfg.Hotline.LogInquiry(r.Context(), c.Actor, id, n)
	}
	if err == nil {
		seeOther(w, r, inquiriesURL(id)+"?done=inquiry_logged#inquiry-"+strconv.FormatInt(q.ID, 10))
		return nil
	}
	if !errs.Is(err, errs.Invalid) {
		return err
	}
	data, lerr := s.newConsole(r, c)
	if lerr != nil {
		return lerr
	}
	if n.PersonID > 0 {
		if lerr := s.openCaller(r, c, data, n.PersonID); lerr != nil {
			return lerr
		}
	} else if n.Match == hotline.NotFound {
		data.showNotFound()
	}
	refillForm(data.page, r, err)
	s.renderConsole(w, r, data)
	return nil
}

// parseNewInquiry reads the log form. What it cannot read is reported to
// f; the service checks the rest (the topic, the FAQ keys, the assignee).
func parseNewInquiry(form url.Values, loc *time.Location, f errs.Fields) hotline.NewInquiry {
	n := hotline.NewInquiry{
		Channel:       hotline.Channel(form.Get("channel")),
		Match:         hotline.Match(form.Get("match")),
		Lang:          strings.TrimSpace(form.Get("lang")),
		Topic:         strings.TrimSpace(form.Get("topic")),
		Answer:        strings.TrimSpace(form.Get("answer")),
		Outcome:       hotline.Outcome(form.Get("outcome")),
		CallID:        strings.TrimSpace(form.Get("call_id")),
		PersonID:      inquiryFormID(form, "person_id", f),
		AssigneeID:    inquiryFormID(form, "assignee_id", f),
		ScriptVersion: int(inquiryFormID(form, "script_version", f)),
		Private: hotline.Private{
			CallerName:  strings.TrimSpace(form.Get("caller_name")),
			CallerPhone: strings.TrimSpace(form.Get("caller_phone")),
			CallerEmail: strings.TrimSpace(form.Get("caller_email")),
			Notes:       strings.TrimSpace(form.Get("notes")),
		},
	}
	for _, q := range form["questions"] {
		if q = strings.TrimSpace(q); q != "" {
			n.Questions = append(n.Questions, q)
		}
	}
	if n.Outcome == hotline.DataRequest {
		n.Request = hotline.RequestKind(form.Get("request"))
		if n.Request == hotline.NoRequest {
			f.Add("request", errs.Required)
		}
	}
	if due := parseInputTime("callback_due", form.Get("callback_due"), loc, f); !due.IsZero() {
		n.CallbackDue = &due
	}
	if n.Outcome == hotline.Callback && n.CallbackDue == nil && f["callback_due"] == "" {
		f.Add("callback_due", errs.Required)
	}
	return n
}

// inquiryFormID reads an optional positive ID of a form; "" and "0" are none.
func inquiryFormID(form url.Values, name string, f errs.Fields) int64 {
	s := strings.TrimSpace(form.Get(name))
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		f.Add(name, errs.InvalidValue)
		return unreadableID
	}
	return id
}
