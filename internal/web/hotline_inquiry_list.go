package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// inquiryListPage is the hotline's queue: the inquiries, newest first,
// filtered, with the overdue ones marked, and the bulk reply per topic.
type inquiryListPage struct {
	*hotlineFrame
	Rows    []inquiryRow
	Filter  inquiryFilter
	Content *hotline.ScriptContent // topics and canned answers
	Older   string                 // the next page's address
}

// inquiryRow is one inquiry of the list.
type inquiryRow struct {
	hotline.Inquiry
	Overdue bool
}

// inquiryFilter is the list's filter as the address carries it.
type inquiryFilter struct {
	Status    string // "open" (the default), "closed", "all"
	Channel   string
	Topic     string
	Overdue   bool
	Callbacks bool
	Mine      bool
}

const inquiryPageSize = 50

// handleHotlineInquiryList lists the inquiries: open ones first of all,
// or those overdue, the callbacks due, those assigned to the reader, by
// channel or topic.
func (s *Server) handleHotlineInquiryList(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadHotlineFrame(r, c, "inquiries.title", "inquiries")
	if err != nil {
		return err
	}
	data := &inquiryListPage{hotlineFrame: f}
	id := f.Inc.ID
	q := r.URL.Query()
	data.Filter = inquiryFilter{Status: q.Get("status"), Channel: q.Get("channel"), Topic: q.Get("topic"),
		Overdue: q.Get("overdue") != "", Callbacks: q.Get("callbacks") != "", Mine: q.Get("mine") != ""}
	if data.Filter.Status == "" {
		data.Filter.Status = string(hotline.Open)
	}
	bad := errs.Fields{}
	filter := hotline.Filter{Channel: hotline.Channel(data.Filter.Channel), Topic: data.Filter.Topic,
		Overdue: data.Filter.Overdue, Callbacks: data.Filter.Callbacks, Now: f.Now, Limit: inquiryPageSize,
		Before: queryInt(r, "before", 0, 0, 1<<62, bad)}
	switch data.Filter.Status {
	case "open", "closed":
		filter.Status = hotline.Status(data.Filter.Status)
	case "all":
	default:
		bad.Add("status", errs.InvalidChoice)
	}
	if data.Filter.Mine {
		filter.AssigneeID = c.User.ID
	}
	if err := bad.Err(); err != nil {
		return err
	}
	list, err := s.cfg.Hotline.Inquiries(r.Context(), c.Actor, id, filter)
	if err != nil {
		return err
	}
	for _, in := range list {
		data.Rows = append(data.Rows, inquiryRow{Inquiry: in, Overdue: in.Overdue(f.Now)})
	}
	if len(list) == inquiryPageSize {
		next := q
		next.Set("before", strconv.FormatInt(list[len(list)-1].ID, 10))
		data.Older = inquiriesURL(id) + "?" + next.Encode()
	}
	sc, err := s.approvedScript(r, c, id)
	if err != nil {
		return err
	}
	data.Content = scriptContent(sc, c.Lang)
	s.render(w, r, http.StatusOK, "hotline_inquiries", data)
	return nil
}

// FilterLink is the list's address with one filter changed.
func (d *inquiryListPage) FilterLink(key, value string) string {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	flag := func(b bool) string {
		if b {
			return "1"
		}
		return ""
	}
	set("status", d.Filter.Status)
	set("channel", d.Filter.Channel)
	set("topic", d.Filter.Topic)
	set("overdue", flag(d.Filter.Overdue))
	set("callbacks", flag(d.Filter.Callbacks))
	set("mine", flag(d.Filter.Mine))
	q.Del(key)
	set(key, value)
	return inquiriesURL(d.Inc.ID) + "?" + q.Encode()
}

// TopicLabel is a topic's label in the approved script, or its key.
func (d *inquiryListPage) TopicLabel(key string) string { return topicLabel(d.Content, key) }

// Channels are the channels to filter by.
func (d *inquiryListPage) Channels() []hotline.Channel { return hotline.Channels }

func topicLabel(ct *hotline.ScriptContent, key string) string {
	if ct != nil {
		for _, t := range ct.Topics {
			if t.Key == key {
				return t.Label
			}
		}
	}
	return key
}
