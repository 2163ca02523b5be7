package hotline

// The outbox sends the hotline's own mails (acknowledgements, replies,
// escalations) with the notify ledger's discipline: one transaction records
// the previous mail's result and claims the next, a claim is a lease, so
// at most one mail is in doubt when the desk stops, and it goes again with
// the same Message-ID.

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

const (
	outboxLease = 2 * time.Minute
	outboxPoll  = time.Second
	// outboxRelayWait is how long a mail waits when the relay could not
	// be reached at all (not the mail's fault: its attempt is not counted).
	outboxRelayWait = 30 * time.Second
	outboxSaveTime  = 10 * time.Second
)

// outboxBackoff are the waits after a temporary refusal before the second,
// third, ... attempt; a mail refused once more is Failed.
var outboxBackoff = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour}

// RunOutbox sends the queued acknowledgements, replies and escalations of
// every incident until ctx ends, over connections d opens. It returns nil
// when ctx ends; store problems are logged and tried again.
func (s *Service) RunOutbox(ctx context.Context, d notify.Dialer, log *slog.Logger) error {
	if log == nil {
		log = s.log
	}
	o := &outbox{s: s, d: d, log: log}
	defer o.hangUp()
	var prev *MailRow
	for {
		next, err := o.saveAndClaim(ctx, prev)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			log.Error("hotline: the outbox could not claim a mail; trying again", "err", err)
		} else {
			prev = nil
		}
		if next == nil {
			o.hangUp() // idle: relays drop idle connections anyway
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(outboxPoll):
			}
			continue
		}
		o.send(ctx, next)
		prev = next
	}
}

type outbox struct {
	s    *Service
	d    notify.Dialer
	log  *slog.Logger
	conn notify.Conn
	// relayDown is set after a relay that could not be reached was
	// reported, so that a desk without a relay (the demo) says so once,
	// not every half minute, until the relay answers again.
	relayDown bool
}

// saveAndClaim records prev's result and claims the next due mail in one
// transaction; nil when none is due. The result of a mail sent before ctx
// ended is still recorded, so it is not sent again.
func (o *outbox) saveAndClaim(ctx context.Context, prev *MailRow) (*MailRow, error) {
	claim := ctx.Err() == nil
	if !claim && prev == nil {
		return nil, nil
	}
	tctx := ctx
	if !claim {
		var cancel context.CancelFunc
		tctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), outboxSaveTime)
		defer cancel()
	}
	var next *MailRow
	err := o.s.store.Update(tctx, func(tx Tx) error {
		next = nil
		if prev != nil {
			if err := tx.SaveMailResult(tctx, prev); err != nil {
				return err
			}
		}
		if !claim {
			return nil
		}
		now := o.s.now()
		m, err := tx.ClaimMail(tctx, now, now.Add(outboxLease))
		if errs.Is(err, errs.NotFound) {
			return nil
		}
		next = m
		return err
	})
	return next, err
}

// send sends m and sets its result in m (State, Attempts, LastError,
// NextAt, LeaseUntil, SentAt); the caller records it.
func (o *outbox) send(ctx context.Context, m *MailRow) {
	msg, err := o.message(ctx, m)
	if err != nil {
		// The mail cannot be built (it does not open, its incident's
		// settings do not load): a desk problem; try again later.
		o.log.Error("hotline: an outgoing mail could not be built", "incident", m.IncidentID, "mail", m.ID, "err", err)
		o.result(m, &notify.SendError{Text: "the mail could not be built"})
		return
	}
	if o.conn == nil {
		conn, err := o.d.Dial(ctx)
		if err != nil {
			level := slog.LevelWarn
			if o.relayDown {
				level = slog.LevelDebug
			}
			o.log.Log(ctx, level, "hotline: the mail relay cannot be reached; the hotline's mails wait for it", "err", err)
			o.relayDown = true
			o.release(m, notify.LedgerText(err))
			return
		}
		o.relayDown = false
		o.conn = conn
	}
	err = o.conn.Send(ctx, msg)
	var se *notify.SendError
	switch {
	case err == nil:
		o.result(m, nil)
	case errors.As(err, &se):
		if se.Code == 0 && !se.Permanent {
			o.hangUp() // the connection broke; the next mail dials anew
		}
		o.result(m, err)
	default: // ctx ended before the relay said anything
		o.hangUp()
		o.release(m, "not sent: the desk stopped")
	}
}

// result sets m's state after an attempt: Sent, Queued for a retry after
// a temporary refusal, or Failed after a permanent one or too many.
func (o *outbox) result(m *MailRow, err error) {
	now := o.s.now()
	m.LeaseUntil = nil
	if err == nil {
		m.State, m.SentAt, m.LastError = Sent, &now, ""
		return
	}
	m.LastError = notify.LedgerText(err)
	if notify.IsPermanent(err) || m.Attempts > len(outboxBackoff) {
		m.State = Failed
		o.log.Warn("hotline: an outgoing mail failed", "incident", m.IncidentID, "mail", m.ID, "attempts", m.Attempts, "err", m.LastError)
		return
	}
	m.State, m.NextAt = Queued, now.Add(outboxBackoff[max(m.Attempts-1, 0)])
}

// release gives m back without counting the attempt: the relay, not the
// mail, was the problem.
func (o *outbox) release(m *MailRow, why string) {
	m.State, m.LeaseUntil, m.LastError = Queued, nil, why
	m.Attempts = max(m.Attempts-1, 0)
	m.NextAt = o.s.now().Add(outboxRelayWait)
}

func (o *outbox) hangUp() {
	if o.conn != nil {
		_ = o.conn.Close()
		o.conn = nil
	}
}

// message builds the mail to send: the sender is the incident's inbox
// address (else the relay's), the threading headers make it part of its
// thread, and RFC 3834's Auto-Submitted marks what a machine sent.
func (o *outbox) message(ctx context.Context, r *MailRow) (*notify.Message, error) {
	m, err := o.s.openMail(r)
	if err != nil {
		return nil, err
	}
	st, err := o.s.loadSettings(ctx, r.IncidentID)
	if err != nil {
		return nil, err
	}
	msg := &notify.Message{
		MessageID: m.MessageID, From: m.Private.From, FromName: st.FromName, To: m.Private.To,
		Subject: m.Private.Subject, Text: m.Private.Text, HTML: m.Private.HTML, Lang: m.Lang,
	}
	if msg.From == "" {
		msg.From = st.InboxAddress
	}
	if m.InReplyTo != "" {
		msg.Headers = append(msg.Headers, [2]string{"In-Reply-To", m.InReplyTo})
	}
	if len(m.References) > 0 {
		msg.Headers = append(msg.Headers, [2]string{"References", strings.Join(m.References, " ")})
	}
	switch m.Kind {
	case Acknowledge:
		msg.Headers = append(msg.Headers, [2]string{"Auto-Submitted", "auto-replied"})
	case Escalation:
		msg.Headers = append(msg.Headers, [2]string{"Auto-Submitted", "auto-generated"})
	}
	return msg, nil
}
