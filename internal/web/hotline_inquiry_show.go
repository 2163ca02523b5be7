package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// inquiryPage is one inquiry: its details, the mail thread with bodies and
// attachments, the form to change it, and the reply form with the canned
// answers in the person's language.
type inquiryPage struct {
	*hotlineFrame
	View     *hotline.InquiryView
	Revealed bool
	// Content is the approved script in the inquiry's language (canned
	// answers); Topics in the agent's.
	Content *hotline.ScriptContent
	Topics  *hotline.ScriptContent
	Members []incident.Member
}

// handleHotlineInquiryShow shows an inquiry, masked; the service audits a
// view that shows mail bodies.
func (s *Server) handleHotlineInquiryShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showInquiry(w, r, c, false)
}

// handleHotlineInquiryReveal shows an inquiry unmasked: the caller's
// contact, the notes, the mail addresses. A POST, audited, stored by no
// cache.
func (s *Server) handleHotlineInquiryReveal(w http.ResponseWriter, r *http.Request, c *caller) error {
	if _, _, err := s.hotlineRights(r, c, mayReveal, "see a caller's contact data"); err != nil {
		return err
	}
	return s.showInquiry(w, r, c, true)
}

func (s *Server) showInquiry(w http.ResponseWriter, r *http.Request, c *caller, reveal bool) error {
	f, err := s.loadHotlineFrame(r, c, "inquiry.title", "inquiries")
	if err != nil {
		return err
	}
	iid, err := pathID(r, "iid", "inquiry")
	if err != nil {
		return err
	}
	data := &inquiryPage{hotlineFrame: f, Revealed: reveal}
	id := f.Inc.ID
	if reveal {
		data.View, err = s.cfg.Hotline.RevealInquiry(r.Context(), c.Actor, id, iid)
	} else {
		data.View, err = s.cfg.Hotline.Inquiry(r.Context(), c.Actor, id, iid)
	}
	if err != nil {
		return err
	}
	if err := s.fillInquiryPage(r, c, data); err != nil {
		return err
	}
	if reveal {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, http.StatusOK, "hotline_inquiry", data)
	return nil
}

// fillInquiryPage loads the script and the team for the forms, and fills
// the change form with the inquiry as it stands.
func (s *Server) fillInquiryPage(r *http.Request, c *caller, data *inquiryPage) error {
	id, q := data.Inc.ID, &data.View.Inquiry
	sc, err := s.approvedScript(r, c, id)
	if err != nil {
		return err
	}
	lang := q.Lang
	if lang == "" {
		lang = c.Lang
	}
	data.Content, data.Topics = scriptContent(sc, lang), scriptContent(sc, c.Lang)
	if data.Rights.Answer {
		if data.Members, err = s.teamChoices(r, c, id); err != nil {
			return err
		}
	}
	// The forms show the inquiry as it stands, except what the agent just
	// sent and is shown again.
	form := data.Form
	for name, value := range map[string]string{
		"outcome": string(q.Outcome), "request": string(q.Request), "topic": q.Topic,
		"assignee_id": formatID(q.AssigneeID), "callback_due": data.InputTime(q.CallbackDue), "reply_lang": lang,
	} {
		if _, sent := form[name]; !sent {
			form.Set(name, value)
		}
	}
	return nil
}

// TopicLabel is a topic's label in the agent's language.
func (d *inquiryPage) TopicLabel(key string) string { return topicLabel(d.Topics, key) }

// Question is an FAQ entry's question in the agent's language, or its key.
func (d *inquiryPage) Question(key string) string {
	if d.Topics != nil {
		for _, e := range d.Topics.FAQ {
			if e.Key == key {
				return e.Question
			}
		}
	}
	return key
}

// Outcomes are the outcomes an agent may choose.
func (d *inquiryPage) Outcomes() []hotline.Outcome { return loggableOutcomes }

// RequestKinds are the kinds of a data-subject request.
func (d *inquiryPage) RequestKinds() []hotline.RequestKind { return requestKinds }

// IsMail reports whether the inquiry came by mail, and can be replied to.
func (d *inquiryPage) IsMail() bool { return d.View.Channel == hotline.ByMail }

// Sensitive reports whether any attachment of the thread holds data the
// scanner's detectors found.
func (d *inquiryPage) Sensitive() bool {
	for _, m := range d.View.Mails {
		if len(m.Sensitive) > 0 {
			return true
		}
	}
	for _, as := range d.View.Attachments {
		for _, a := range as {
			if len(a.Categories) > 0 {
				return true
			}
		}
	}
	return false
}

// AttachmentName is an attachment's file name as the (masked or revealed)
// mail holds it.
func (d *inquiryPage) AttachmentName(m *hotline.Mail, a hotline.Attachment) string {
	if a.Index >= 0 && a.Index < len(m.Private.AttachmentNames) && m.Private.AttachmentNames[a.Index] != "" {
		return m.Private.AttachmentNames[a.Index]
	}
	return d.T("inquiry.attachment_n", "n", a.Index+1)
}

func formatID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
