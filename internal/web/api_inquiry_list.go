package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// handleAPIInquiryList lists an incident's inquiries, masked, newest
// first: ?status=open|closed, channel, topic, overdue, callbacks,
// assignee_id, before (paging by ID), limit.
func (s *Server) handleAPIInquiryList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, nil, "")
	if err != nil {
		return err
	}
	q, f := r.URL.Query(), errs.Fields{}
	now := s.cfg.Incidents.Now()
	filter := hotline.Filter{
		Status: hotline.Status(q.Get("status")), Channel: hotline.Channel(q.Get("channel")), Topic: q.Get("topic"),
		Overdue: queryBool(r, "overdue", f), Callbacks: queryBool(r, "callbacks", f),
		AssigneeID: queryInt(r, "assignee_id", 0, 0, 1<<62, f), Before: queryInt(r, "before", 0, 0, 1<<62, f),
		Limit: int(queryInt(r, "limit", 50, 1, 500, f)), Now: now,
	}
	switch filter.Status {
	case "", hotline.Open, hotline.Closed:
	default:
		f.Add("status", errs.InvalidChoice)
	}
	switch filter.Channel {
	case "", hotline.ByPhone, hotline.ByMail, hotline.ByWeb:
	default:
		f.Add("channel", errs.InvalidChoice)
	}
	if err := f.Err(); err != nil {
		return err
	}
	list, err := s.cfg.Hotline.Inquiries(r.Context(), c.Actor, id, filter)
	if err != nil {
		return err
	}
	out := struct {
		Inquiries []apiInquiry `json:"inquiries"`
	}{Inquiries: make([]apiInquiry, 0, len(list))}
	for i := range list {
		out.Inquiries = append(out.Inquiries, inquiryJSON(&list[i], now))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
