package notify

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// saveTimeout bounds the recording of a result after the runner was told
// to stop: what a connection knows is written down before it goes.
const saveTimeout = 10 * time.Second

// Redialing a dropped relay waits from dialFirst, doubling, up to dialMax.
const (
	dialFirst = 100 * time.Millisecond
	dialMax   = 30 * time.Second
)

// sender is one connection to the relay. It loops: one transaction records
// the previous message's result and claims the next row (the campaign's
// ledgerWriter runs it, together with other connections'); then the
// message is rendered and sent. So at most one message per connection is in doubt
// at any moment: sent, but its result not yet recorded.
type sender struct {
	r        *Runner
	c        *Campaign
	compiled *Compiled
	relay    *SMTPConfig
	dialer   Dialer
	pacer    *pacer
	watch    *stateWatch
	ledger   *ledgerWriter
	by       string // ClaimedBy of this connection
	conn     Conn
}

// outcome is what became of a claimed row.
type outcome struct {
	d         *Delivery
	err       error // the relay's refusal; nil when sent
	render    error // the message could not be rendered
	withdrawn bool  // the person was erased
	release   bool  // not sent at all: back to Pending
	hasLetter bool  // the person has a postal address (for the fallback)
}

func (s *sender) loop(ctx context.Context) error {
	defer s.hangUp()
	var prev *outcome
	for {
		claim, err := s.pace(ctx, &prev)
		if err != nil {
			return err
		}
		next, err := s.saveAndClaim(ctx, prev, claim)
		prev = nil
		if err != nil {
			if claim {
				s.pacer.release()
			}
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if !claim {
			return nil
		}
		if next == nil {
			s.pacer.release()
			if more, err := s.waitForWork(ctx); !more {
				return err
			}
			continue
		}
		prev = s.deliver(ctx, next)
		if prev == nil { // in doubt: left Sending for the lease to run out
			return nil
		}
		if prev.release {
			s.pacer.release()
		}
	}
}

// pace takes a slot for the next message and reports whether the
// connection goes on. When the pace makes it wait, the previous message's
// result is recorded first: a sent message must not wait in doubt (its
// lease running out) while the hourly window is full.
func (s *sender) pace(ctx context.Context, prev **outcome) (bool, error) {
	if ctx.Err() != nil || !s.watch.Running() {
		return false, nil
	}
	if s.pacer.tryAcquire() {
		return true, nil
	}
	if *prev != nil {
		if _, err := s.tryTx(ctx, *prev, false); err != nil {
			if ctx.Err() == nil {
				return false, err
			}
			return false, s.saveOnly(ctx, *prev)
		}
		*prev = nil
	}
	return s.pacer.acquire(ctx, s.watch.Running), nil
}

// waitForWork is called when nothing was due: it reports whether rows are
// left (waiting for a retry, or claimed by another runner) and waits a
// poll interval for them.
func (s *sender) waitForWork(ctx context.Context) (bool, error) {
	left, err := s.r.svc.store.Unsent(ctx, s.c.ID, ByEmail)
	if err != nil || left == 0 {
		if ctx.Err() != nil {
			return false, nil
		}
		return false, err
	}
	select {
	case <-ctx.Done():
		return false, nil
	case <-time.After(s.r.opt.Poll):
		return true, nil
	}
}

// saveAndClaim records prev and, when claim is set, claims the next row, in
// one transaction. It records even after ctx ended.
func (s *sender) saveAndClaim(ctx context.Context, prev *outcome, claim bool) (*Delivery, error) {
	if prev == nil && !claim {
		return nil, nil
	}
	if ctx.Err() != nil {
		return nil, s.saveOnly(ctx, prev)
	}
	next, err := s.tryTx(ctx, prev, claim)
	if err != nil && ctx.Err() != nil {
		// Stopped while the transaction ran: what this connection knows
		// is still written down, so the message is not left in doubt.
		return nil, s.saveOnly(ctx, prev)
	}
	return next, err
}

// saveOnly records prev after ctx ended, within saveTimeout.
func (s *sender) saveOnly(ctx context.Context, prev *outcome) error {
	if prev == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	_, err := s.tryTx(ctx, prev, false)
	return err
}

// tryTx is one transaction that records prev and claims the next row; it
// may carry other connections' requests too (see ledgerWriter).
func (s *sender) tryTx(ctx context.Context, prev *outcome, claim bool) (*Delivery, error) {
	return s.ledger.do(ctx, s, prev, claim)
}

// apply turns the outcome into the row's new state.
func (o *outcome) apply(d *Delivery, now time.Time, backoff []time.Duration, letterFallback bool) *Delivery {
	d.ClaimedBy, d.LeaseUntil, d.UpdatedAt = "", nil, now
	switch {
	case o.release:
		d.State, d.NextAt = Pending, now
	case o.withdrawn:
		d.State, d.LastError = Withdrawn, "the person was erased from the register"
	case o.render != nil:
		d.State, d.LastError = Failed, clip("could not render the message: "+scrub(o.render.Error()))
	case o.err == nil:
		d.State, d.SentAt, d.LastError = Sent, &now, ""
	case IsPermanent(o.err):
		d.State, d.LastError = Failed, clip("refused: "+scrub(o.err.Error()))
		if letterFallback && o.hasLetter {
			d.Channel, d.State, d.NextAt = ByLetter, Pending, now
			d.LastError = clip("refused: " + scrub(o.err.Error()) + "; letter queued")
		}
	case d.Attempts > len(backoff):
		d.State, d.LastError = Failed, clip("gave up after "+strconv.Itoa(d.Attempts)+" attempts: "+scrub(o.err.Error()))
	default:
		d.State, d.NextAt, d.LastError = Pending, now.Add(backoff[max(d.Attempts, 1)-1]), clip(scrub(o.err.Error()))
	}
	return d
}

// deliver renders and sends the claimed row d. It returns nil when the
// message is in doubt because ctx ended during the send.
func (s *sender) deliver(ctx context.Context, d *Delivery) *outcome {
	o := &outcome{d: d}
	p, err := s.r.svc.people.Unsealed(ctx, s.c.IncidentID, d.PersonID)
	switch {
	case errs.Is(err, errs.NotFound) || (err == nil && p.Erased):
		o.withdrawn = true
		return o
	case err != nil:
		o.release = ctx.Err() != nil
		o.err = err
		return o
	}
	o.hasLetter = p.HasAddress()
	msg, err := s.compiled.Message(p, d, s.relay)
	if err != nil {
		o.render = err
		return o
	}
	// Dialing gives up while the claim still holds by a wide margin: a row
	// whose lease ran out may be claimed by another connection, and only
	// one of them may send it.
	conn, ok := s.connect(ctx, time.Now().Add(s.r.opt.Lease/2))
	if !ok {
		o.release = true
		return o
	}
	err = conn.Send(ctx, msg)
	if err != nil && ctx.Err() != nil {
		s.hangUp()
		return nil
	}
	if err != nil && !isRefusal(err) {
		s.hangUp() // the connection is gone or unusable; redial for the next
	}
	o.err = err
	return o
}

// isRefusal reports whether err is a reply of the relay, after which the
// connection is still usable.
func isRefusal(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Code != 0
}

// connect returns the connection, dialing with backoff when there is none.
// It gives up when ctx ends, the campaign stops running or until passes.
func (s *sender) connect(ctx context.Context, until time.Time) (Conn, bool) {
	wait := dialFirst
	for s.conn == nil {
		if time.Now().After(until) {
			return nil, false
		}
		c, err := s.dialer.Dial(ctx)
		if err == nil {
			s.conn = c
			break
		}
		s.r.log.Warn("notify: cannot reach the relay", "campaign", s.c.ID, "code", refusalCode(err), "retry_in", wait)
		select {
		case <-ctx.Done():
			return nil, false
		case <-time.After(wait):
		}
		if !s.watch.Running() {
			return nil, false
		}
		wait = min(2*wait, dialMax)
	}
	return s.conn, true
}

func (s *sender) hangUp() {
	if s.conn != nil {
		_ = s.conn.Close()
		s.conn = nil
	}
}

// addressLike matches anything shaped like an e-mail address, which a
// relay's reply may echo.
var addressLike = regexp.MustCompile(`[^\s<>"'()\[\]:;,]+@[^\s<>"'()\[\]:;,]+`)

// scrub removes addresses from a text that goes into the ledger or a log.
func scrub(s string) string { return addressLike.ReplaceAllString(s, "<address>") }

// clip keeps LastError short.
func clip(s string) string {
	const maxLastError = 300
	if len(s) <= maxLastError {
		return s
	}
	cut := maxLastError
	for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

// refusalCode is the SMTP code of err, 0 when it has none.
func refusalCode(err error) int {
	var se *SendError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}
