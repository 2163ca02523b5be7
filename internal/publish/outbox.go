package publish

// The public outbox sends the confirmations, the updates to subscribers and
// the self-check answers with the delivery ledger's discipline
// (docs/delivery-ledger.md, as the hotline's outbox does): one transaction
// records the previous mail's result and claims the next, a claim is a
// lease, every mail has its Message-ID before its first attempt. So at most
// one mail is in doubt when the desk stops, and it goes again with the same
// Message-ID; a mail whose result was recorded never goes again.
//
// Each mail is written when it is sent, from the rows it names: a
// subscriber who left since the update was queued gets nothing (Dropped),
// and a self-check is looked up in the registers as they are then.

import (
	"context"
	"errors"
	"log/slog"
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

// RunOutbox sends the queued confirmations, updates and self-check answers
// over connections d opens until ctx ends. It returns nil when ctx ends;
// store problems are logged and tried again.
func (s *Service) RunOutbox(ctx context.Context, d notify.Dialer, log *slog.Logger) error {
	if log == nil {
		log = s.log
	}
	o := &outbox{s: s, d: d, log: log, statements: map[int64]*Statement{}}
	defer o.hangUp()
	var prev *MailRow
	for {
		next, err := o.saveAndClaim(ctx, prev)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			log.Error("publish: the outbox could not claim a mail; trying again", "err", err)
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
	// reported, so that it is said once, not every half minute.
	relayDown bool
	// statements caches published statements by ID: their texts never
	// change once published.
	statements map[int64]*Statement
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

// send sends m and sets its result in m; the caller records it.
func (o *outbox) send(ctx context.Context, m *MailRow) {
	out, err := o.build(ctx, m)
	if err != nil {
		// The mail cannot be built (a row does not open, the page's
		// address is unknown): a desk problem; try again later.
		o.log.Error("publish: an outgoing mail could not be built", "kind", m.Kind, "mail", m.ID, "err", err)
		o.result(m, &notify.SendError{Text: "the mail could not be built"})
		return
	}
	if out == nil {
		o.drop(m)
		return
	}
	if o.conn == nil {
		conn, err := o.d.Dial(ctx)
		if err != nil {
			level := slog.LevelWarn
			if o.relayDown {
				level = slog.LevelDebug
			}
			o.log.Log(ctx, level, "publish: the mail relay cannot be reached; the public side's mails wait for it", "err", err)
			o.relayDown = true
			o.release(m, notify.LedgerText(err))
			return
		}
		o.relayDown = false
		o.conn = conn
	}
	err = o.conn.Send(ctx, out.msg)
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
		return
	}
	if m.State == MailSent || m.State == MailFailed {
		o.answered(ctx, m, out)
	}
}

// result sets m's state after an attempt: Sent, Queued for a retry after
// a temporary refusal, or Failed after a permanent one or too many. What
// the row kept sealed goes once the mail is Sent or Failed.
func (o *outbox) result(m *MailRow, err error) {
	now := o.s.now()
	m.LeaseUntil = nil
	if err == nil {
		m.State, m.SentAt, m.LastError, m.Sealed = MailSent, &now, "", nil
		return
	}
	m.LastError = notify.LedgerText(err)
	if notify.IsPermanent(err) || m.Attempts > len(outboxBackoff) {
		m.State, m.Sealed = MailFailed, nil
		o.log.Warn("publish: an outgoing mail failed", "kind", m.Kind, "mail", m.ID, "attempts", m.Attempts, "err", m.LastError)
		return
	}
	m.State, m.NextAt = MailQueued, now.Add(outboxBackoff[max(m.Attempts-1, 0)])
}

// drop gives m up unsent: its subscriber left, or its confirmation was
// replaced by a newer one.
func (o *outbox) drop(m *MailRow) {
	m.State, m.LeaseUntil, m.Sealed, m.LastError = MailDropped, nil, nil, ""
}

// release gives m back without counting the attempt: the relay, not the
// mail, was the problem.
func (o *outbox) release(m *MailRow, why string) {
	m.State, m.LeaseUntil, m.LastError = MailQueued, nil, why
	m.Attempts = max(m.Attempts-1, 0)
	m.NextAt = o.s.now().Add(outboxRelayWait)
}

func (o *outbox) hangUp() {
	if o.conn != nil {
		_ = o.conn.Close()
		o.conn = nil
	}
}
