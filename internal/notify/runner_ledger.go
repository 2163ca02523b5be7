package notify

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// ledgerWriter writes the ledger for a campaign's connections: one
// goroutine takes every connection's request that is waiting (the result
// of its previous message, the claim of its next row) and runs them in one
// transaction. Each connection's result and claim are still written
// together, in one transaction, so nothing about the window of doubt
// changes; what is shared is the cost of a transaction (BEGIN, COMMIT, the
// write-ahead log's pages), which on SQLite was half of a message's
// writing. A batch that fails is written again one request per
// transaction, so one connection's failure stays its own.
type ledgerWriter struct {
	r    *Runner
	c    *Campaign
	reqs chan *ledgerReq
}

// ledgerReq is one connection's transaction: record prev (if any) and
// claim the next row (if claim).
type ledgerReq struct {
	ctx   context.Context
	s     *sender
	prev  *outcome
	claim bool
	reply chan ledgerReply
}

type ledgerReply struct {
	next *Delivery
	err  error
}

// newLedgerWriter returns the writer for conns connections; run it, and
// close it once every connection is done.
func newLedgerWriter(r *Runner, c *Campaign, conns int) *ledgerWriter {
	return &ledgerWriter{r: r, c: c, reqs: make(chan *ledgerReq, conns)}
}

// do records prev and, when claim is set, claims the next row for s, in one
// transaction, and returns the claimed row (nil when none is due). It
// waits for the answer even after ctx ended: what the connection knows
// is written down (or the error says why not). A request whose ctx has
// ended claims nothing.
func (w *ledgerWriter) do(ctx context.Context, s *sender, prev *outcome, claim bool) (*Delivery, error) {
	req := &ledgerReq{ctx: ctx, s: s, prev: prev, claim: claim, reply: make(chan ledgerReply, 1)}
	w.reqs <- req
	rep := <-req.reply
	return rep.next, rep.err
}

// close ends run once the requests sent so far are answered.
func (w *ledgerWriter) close() { close(w.reqs) }

// run answers requests until close.
func (w *ledgerWriter) run() {
	batch := make([]*ledgerReq, 0, cap(w.reqs))
	for req := range w.reqs {
		batch = append(batch[:0], req)
	more:
		for len(batch) < cap(w.reqs) {
			select {
			case req, ok := <-w.reqs:
				if !ok {
					break more
				}
				batch = append(batch, req)
			default:
				break more
			}
		}
		w.write(batch)
	}
}

// write runs the batch in one transaction, or, when that fails, each
// request in its own.
func (w *ledgerWriter) write(batch []*ledgerReq) {
	if len(batch) > 1 {
		if next, notes, err := w.tx(batch); err == nil {
			w.answer(batch, next, notes, nil)
			return
		}
	}
	for _, req := range batch {
		one := []*ledgerReq{req}
		next, notes, err := w.tx(one)
		w.answer(one, next, notes, err)
	}
}

// answer logs what the transaction found and replies to the connections.
func (w *ledgerWriter) answer(batch []*ledgerReq, next []*Delivery, notes []saveNote, err error) {
	if err == nil {
		for _, n := range notes {
			n.log(w.r, w.c)
		}
	}
	for i, req := range batch {
		rep := ledgerReply{err: err}
		if err == nil {
			rep.next = next[i]
		}
		req.reply <- rep
	}
}

// tx is one transaction over the batch: every result first, then the
// claims, lowest due row first. A batch runs to its end even when the
// runner is being stopped (within saveTimeout): the results in it must be
// written; a claim made in that moment is given back by its connection.
func (w *ledgerWriter) tx(batch []*ledgerReq) ([]*Delivery, []saveNote, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(batch[0].ctx), saveTimeout)
	defer cancel()
	next := make([]*Delivery, len(batch))
	var notes []saveNote
	err := w.r.svc.store.Update(ctx, func(tx Tx) error {
		clear(next)
		notes = notes[:0]
		now := w.r.svc.now()
		for _, req := range batch {
			if req.prev == nil {
				continue
			}
			note, err := req.s.save(ctx, tx, req.prev, now)
			if err != nil {
				return err
			}
			if note.what != "" {
				notes = append(notes, note)
			}
		}
		for i, req := range batch {
			if !req.claim || req.ctx.Err() != nil {
				continue
			}
			d, err := tx.Claim(ctx, w.c.ID, ByEmail, req.s.by, now, now.Add(w.r.opt.Lease))
			if errs.Is(err, errs.NotFound) {
				return nil // nothing due: the later claims would find nothing either
			}
			if err != nil {
				return err
			}
			next[i] = d
		}
		return nil
	})
	return next, notes, err
}

// saveNote is what a recorded result leaves for the log, written after
// the commit so that a batch written twice logs once.
type saveNote struct {
	what     string // "lease lost" or "not delivered"
	delivery int64
	code     int
	state    DeliveryState
	channel  Channel
}

func (n saveNote) log(r *Runner, c *Campaign) {
	switch n.what {
	case noteLeaseLost:
		r.log.Warn("notify: lease lost before the result was recorded", "campaign", c.ID, "delivery", n.delivery)
	case noteNotDelivered:
		r.log.Info("notify: message not delivered", "campaign", c.ID, "delivery", n.delivery,
			"code", n.code, "state", string(n.state), "channel", string(n.channel))
	}
}

const (
	noteLeaseLost    = "lease lost"
	noteNotDelivered = "not delivered"
)

// save writes the outcome, unless the row was taken over by another runner
// after our lease ran out: then it is theirs to record.
func (s *sender) save(ctx context.Context, tx Tx, o *outcome, now time.Time) (saveNote, error) {
	d := o.apply(new(*o.d), now, s.r.opt.Backoff, s.c.LetterFallback)
	saved, err := tx.SaveClaimed(ctx, d, s.by)
	switch {
	case err != nil:
		return saveNote{}, err
	case !saved:
		return saveNote{what: noteLeaseLost, delivery: d.ID}, nil
	case d.State == Failed || d.Channel == ByLetter:
		return saveNote{what: noteNotDelivered, delivery: d.ID, code: refusalCode(o.err), state: d.State, channel: d.Channel}, nil
	}
	return saveNote{}, nil
}
