package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// built is a mail ready to go, with what its sending leaves to do.
type built struct {
	msg *notify.Message
	// check is set for a self-check answer: the inquiries are logged once
	// the mail is Sent or Failed.
	check *checkResult
}

// build writes m from the rows it names; nil (and no error) when m is to
// be dropped unsent.
func (o *outbox) build(ctx context.Context, m *MailRow) (*built, error) {
	p, err := o.s.page(ctx)
	if err != nil {
		return nil, err
	}
	base, err := o.s.baseURL(p)
	if err != nil {
		return nil, err
	}
	c := mailCommon{page: p, base: base, lang: mailLang(p, m.Lang)}
	switch m.Kind {
	case ConfirmMail:
		return o.buildConfirm(ctx, m, c)
	case UpdateMail:
		return o.buildUpdate(ctx, m, c)
	case SelfCheckMail:
		return o.buildSelfCheck(ctx, m, c)
	}
	return nil, errs.E(errs.Internal, "publish: mail %d is of no known kind", m.ID)
}

// envelope wraps doc for to: from the page's sender (the relay's when the
// page names none), replies to the hotline, marked as sent by a machine
// (RFC 3834), so that out-of-office replies stay away.
func envelope(m *MailRow, c mailCommon, doc *mailDoc, to string) *notify.Message {
	text, html := doc.message()
	msg := &notify.Message{MessageID: m.MessageID, From: c.page.SenderEmail, FromName: c.name(), To: to,
		Subject: doc.subject, Text: text, HTML: html, Lang: c.lang,
		Headers: [][2]string{{"Auto-Submitted", "auto-generated"}}}
	if msg.From == "" {
		msg.From = c.page.HotlineEmail
	}
	if c.page.HotlineEmail != "" && c.page.HotlineEmail != msg.From {
		msg.ReplyTo = c.page.HotlineEmail
	}
	return msg
}

// subscriberFor reads m's subscriber; nil when it is gone.
func (o *outbox) subscriberFor(ctx context.Context, m *MailRow) (*SubscriberRow, string, error) {
	sub, err := o.s.store.Subscriber(ctx, m.SubscriberID)
	if errs.Is(err, errs.NotFound) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	addr, err := o.s.subscriberAddress(sub)
	return sub, addr, err
}

// buildConfirm writes the confirmation with the token its row keeps; a
// confirmation whose token is no longer the subscriber's (confirmed, left,
// or a newer one mailed) is dropped.
func (o *outbox) buildConfirm(ctx context.Context, m *MailRow, c mailCommon) (*built, error) {
	sub, addr, err := o.subscriberFor(ctx, m)
	if sub == nil || err != nil {
		return nil, err
	}
	token, err := o.s.openMail(m)
	if err != nil {
		return nil, err
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, errs.E(errs.Internal, "publish: mail %d: the token does not decode", m.ID)
	}
	hash := sha256.Sum256(raw)
	if sub.State != Pending || !bytes.Equal(sub.ConfirmHash, hash[:]) {
		return nil, nil
	}
	doc := confirmDoc(c, c.base+"/"+c.lang+"/confirm/"+token)
	return &built{msg: envelope(m, c, doc, addr)}, nil
}

// buildUpdate writes a published statement for its subscriber, with the
// one-click unsubscribe of RFC 8058; dropped when the subscriber is no
// longer Confirmed.
func (o *outbox) buildUpdate(ctx context.Context, m *MailRow, c mailCommon) (*built, error) {
	sub, addr, err := o.subscriberFor(ctx, m)
	if sub == nil || err != nil {
		return nil, err
	}
	if sub.State != Confirmed {
		return nil, nil
	}
	st, err := o.statement(ctx, m.StatementID)
	if err != nil {
		return nil, err
	}
	title := ""
	if l, err := o.s.store.Listing(ctx, st.IncidentID); err == nil {
		title = l.Titles[c.lang]
	} else if !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	unsub := c.base + "/" + c.lang + "/unsubscribe/" + unsubscribeToken(sub)
	doc := updateDoc(c, st, title, c.base+"/"+c.lang+"/statements/"+st.PublicID, unsub)
	msg := envelope(m, c, doc, addr)
	msg.Headers = append(msg.Headers, [2]string{"List-Unsubscribe", "<" + unsub + ">"},
		[2]string{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"})
	return &built{msg: msg}, nil
}

// statement returns a published statement; their texts never change, so
// they are read once per outbox.
func (o *outbox) statement(ctx context.Context, id int64) (*Statement, error) {
	if st := o.statements[id]; st != nil {
		return st, nil
	}
	all, err := o.s.store.PublishedStatements(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		o.statements[all[i].ID] = &all[i]
	}
	if st := o.statements[id]; st != nil {
		return st, nil
	}
	return nil, errs.E(errs.NotFound, "publish: statement %d is not published", id)
}
