package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// handleHotlineInquiryReply queues an agent's answer to a mail inquiry: a
// canned answer from the FAQ in the person's language, the agent's own
// words, or both. The outbox sends it with the threading headers.
func (s *Server) handleHotlineInquiryReply(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayAnswer, "reply to inquiries")
	if err != nil {
		return err
	}
	iid, err := pathID(r, "iid", "inquiry")
	if err != nil {
		return err
	}
	draft := parseReplyDraft(r.PostForm)
	err = checkReplyDraft(draft)
	if err == nil {
		_, err = s.cfg.Hotline.Reply(r.Context(), c.Actor, id, iid, draft)
	}
	if err == nil {
		seeOther(w, r, inquiryURL(id, iid)+"?done=reply_queued")
		return nil
	}
	if !errs.Is(err, errs.Invalid) {
		return err
	}
	return s.inquiryFormFailed(w, r, c, err)
}

// handleHotlineBulkReply queues the same reply to every open mail inquiry
// of a topic: the answer to the question everyone asks.
func (s *Server) handleHotlineBulkReply(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayAnswer, "reply to inquiries")
	if err != nil {
		return err
	}
	topic := strings.TrimSpace(r.PostFormValue("topic"))
	draft := parseReplyDraft(r.PostForm)
	err = checkReplyDraft(draft)
	if err == nil && topic == "" {
		err = &errs.Error{Code: errs.Invalid, Message: "topic: choose the topic whose open mail inquiries get the reply",
			Fields: map[string]string{"topic": errs.Required}}
	}
	if err != nil {
		return err
	}
	if _, err := s.cfg.Hotline.BulkReply(r.Context(), c.Actor, id, topic, draft); err != nil {
		return err
	}
	seeOther(w, r, inquiriesURL(id)+"?"+url.Values{"topic": {topic}, "done": {"bulk_reply_queued"}}.Encode())
	return nil
}

func parseReplyDraft(form url.Values) hotline.ReplyDraft {
	return hotline.ReplyDraft{
		FAQKey: strings.TrimSpace(form.Get("faq")),
		Text:   strings.TrimSpace(form.Get("text")),
		Lang:   strings.TrimSpace(form.Get("reply_lang")),
		Close:  form.Get("close") != "",
	}
}

// checkReplyDraft refuses a reply with neither a canned answer nor text.
func checkReplyDraft(d hotline.ReplyDraft) error {
	if d.FAQKey == "" && d.Text == "" {
		return &errs.Error{Code: errs.Invalid, Message: "reply: choose a canned answer or write one",
			Fields: map[string]string{"text": errs.Required}}
	}
	return nil
}
