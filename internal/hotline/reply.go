package hotline

// Answering mail inquiries: a canned answer from the approved FAQ in the
// person's language, the agent's own words, or both, queued in the outbox
// as an answer to the thread's last inbound mail.

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// maxReplyText bounds what an agent types into a reply.
const maxReplyText = 20_000

// Reply queues an agent's reply to a mail inquiry, threaded: In-Reply-To
// names the last inbound mail, References its chain. The first reply is
// the inquiry's first response; Close marks it answered and closed.
func (s *Service) Reply(ctx context.Context, a auth.Actor, id, inquiryID int64, r ReplyDraft) (*Mail, error) {
	if _, err := s.may(ctx, a, id, canAnswer, "answer inquiries"); err != nil {
		return nil, err
	}
	rp, err := s.replier(ctx, id, r)
	if err != nil {
		return nil, err
	}
	last, err := s.lastInbound(ctx, id, inquiryID)
	if err != nil {
		return nil, err
	}
	var out *Mail
	err = s.store.Update(ctx, func(tx Tx) error {
		m, err := rp.queue(ctx, tx, a, inquiryID, last)
		if err != nil {
			return err
		}
		out = m
		return s.audit(ctx, tx, a, id, auth.Event{Action: "inquiry.reply", ObjectType: "inquiry", ObjectID: inquiryID,
			Detail: map[string]any{"mail": m.ID, "faq": r.FAQKey, "close": r.Close}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BulkReply queues the same reply to every open mail inquiry of a topic,
// all in one transaction; it returns how many were queued.
func (s *Service) BulkReply(ctx context.Context, a auth.Actor, id int64, topic string, r ReplyDraft) (int, error) {
	if _, err := s.may(ctx, a, id, canAnswer, "answer inquiries"); err != nil {
		return 0, err
	}
	if topic == "" {
		return 0, &errs.Error{Code: errs.Invalid, Message: "a bulk reply needs a topic", Fields: errs.Fields{"topic": errs.Required}}
	}
	rp, err := s.replier(ctx, id, r)
	if err != nil {
		return 0, err
	}
	f := Filter{Status: Open, Channel: ByMail, Topic: topic, Limit: maxList}
	type target struct {
		inquiryID int64
		last      *Mail
	}
	var targets []target
	for {
		rows, err := s.store.Inquiries(ctx, id, f)
		if err != nil {
			return 0, err
		}
		for _, q := range rows {
			last, err := s.lastInbound(ctx, id, q.ID)
			if errs.Is(err, errs.Invalid) {
				continue // no mail to answer (logged by hand as a mail)
			}
			if err != nil {
				return 0, err
			}
			targets = append(targets, target{q.ID, last})
		}
		if len(rows) < f.Limit {
			break
		}
		f.Before = rows[len(rows)-1].ID
	}
	if len(targets) == 0 {
		return 0, nil
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		for _, t := range targets {
			if _, err := rp.queue(ctx, tx, a, t.inquiryID, t.last); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "inquiry.bulk_reply", ObjectType: "incident", ObjectID: id,
			Detail: map[string]any{"topic": topic, "inquiries": len(targets), "faq": r.FAQKey, "close": r.Close}})
	})
	if err != nil {
		return 0, err
	}
	return len(targets), nil
}

// replier queues one draft's replies.
type replier struct {
	s      *Service
	id     int64
	draft  ReplyDraft
	st     *Settings
	script *Script
}

// replier checks the draft against the approved script.
func (s *Service) replier(ctx context.Context, id int64, r ReplyDraft) (*replier, error) {
	r.Text = strings.TrimSpace(r.Text)
	f := errs.Fields{}
	if utf8.RuneCountInString(r.Text) > maxReplyText {
		f.Add("text", errs.TooLong)
	}
	if r.FAQKey == "" && r.Text == "" {
		f.Add("text", errs.Required)
	}
	if r.Lang != "" && !validLang(r.Lang) {
		f.Add("lang", errs.InvalidChoice)
	}
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return nil, err
	}
	sc, err := s.approved(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.FAQKey != "" && (sc == nil || !slices.ContainsFunc(sc.Contents, func(c ScriptContent) bool {
		return slices.ContainsFunc(c.FAQ, func(e FAQEntry) bool { return e.Key == r.FAQKey })
	})) {
		f.Add("faq_key", errs.InvalidChoice)
	}
	if err := f.Err(); err != nil {
		return nil, &errs.Error{Code: errs.Invalid, Message: "the reply cannot be sent", Fields: f}
	}
	return &replier{s: s, id: id, draft: r, st: st, script: sc}, nil
}

// text is the reply's body in lang: the agent's words, then the canned
// answer in that language (else English, else the first).
func (rp *replier) text(lang string) (string, string) {
	parts := []string{}
	if rp.draft.Text != "" {
		parts = append(parts, rp.draft.Text)
	}
	if rp.draft.FAQKey != "" {
		if c := rp.script.content(lang); c != nil {
			lang = c.Lang
			for _, e := range c.FAQ {
				if e.Key == rp.draft.FAQKey {
					parts = append(parts, e.Answer)
				}
			}
		}
	}
	return strings.Join(parts, "\n\n"), lang
}

// lastInbound is the inquiry's newest inbound mail, unsealed: the mail a
// reply answers. errs.Invalid when the inquiry has none.
func (s *Service) lastInbound(ctx context.Context, id, inquiryID int64) (*Mail, error) {
	if _, err := s.store.Inquiry(ctx, id, inquiryID); err != nil {
		return nil, err
	}
	rows, err := s.store.Mails(ctx, id, inquiryID)
	if err != nil {
		return nil, err
	}
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].Direction == Inbound {
			return s.openMail(&rows[i])
		}
	}
	return nil, errs.E(errs.Invalid, "inquiry %d has no mail to reply to", inquiryID)
}

// queue adds the reply to last and marks the inquiry answered in tx.
func (rp *replier) queue(ctx context.Context, tx Tx, a auth.Actor, inquiryID int64, last *Mail) (*Mail, error) {
	row, err := tx.Inquiry(ctx, rp.id, inquiryID)
	if err != nil {
		return nil, err
	}
	if last.Private.From == "" {
		return nil, errs.E(errs.Invalid, "the mail of inquiry %d names no sender to reply to", inquiryID)
	}
	lang := rp.draft.Lang
	if lang == "" {
		lang = row.Lang
	}
	text, lang := rp.text(lang)
	now := rp.s.now()
	m := &Mail{
		IncidentID: rp.id, InquiryID: inquiryID, Direction: Outbound, Kind: Reply, State: Queued,
		MessageID: rp.s.outboundMessageID("reply", rp.id, inquiryID, rp.st.InboxAddress),
		InReplyTo: last.MessageID, References: chain(last.References, last.MessageID),
		Lang: lang, NextAt: now, CreatedAt: now, AuthorID: a.UserID,
		Private: MailPrivate{From: rp.st.InboxAddress, To: last.Private.From, Subject: replySubject(last.Private.Subject), Text: text},
	}
	mr, err := rp.s.sealMail(m)
	if err != nil {
		return nil, err
	}
	if err := tx.AddMail(ctx, mr); err != nil {
		return nil, err
	}
	m.ID = mr.ID
	q := &row.Inquiry
	if q.FirstResponseAt == nil {
		q.FirstResponseAt = &now
	}
	q.AgentID = a.UserID
	if rp.draft.FAQKey != "" {
		q.Answer = rp.draft.FAQKey
	}
	if rp.draft.Close {
		q.Outcome, q.Status, q.ClosedAt = Answered, Closed, &now
	}
	q.UpdatedAt = now
	if err := tx.UpdateInquiry(ctx, row); err != nil {
		return nil, err
	}
	return m, nil
}
