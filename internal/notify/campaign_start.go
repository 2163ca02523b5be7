package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// queueChunk is how many ledger rows one transaction queues: big enough to
// queue a million rows in well under a minute, small enough that the
// writer is never held for long.
const queueChunk = 2000

// Start queues the ledger (one row per recipient, Message-ID fixed) and
// sets the campaign running; a public notice is published instead.
//
// The campaign stays Approved while its ledger is queued, chunk by chunk,
// and turns Running only once every recipient has a row: the runner sends
// only running campaigns, so a crash half-way through queueing can never
// lead to a campaign marked done with recipients missing. Starting again
// queues whoever is missing (a row per campaign and person, inserted at
// most once) and keeps the rows, and Message-IDs, already there. Starting
// a running campaign does the same: it queues who joined the segment
// since.
func (s *Service) Start(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(r.Edit, "start campaigns"); err != nil {
		return err
	}
	c, err := s.store.Campaign(ctx, id, campaignID)
	if err != nil {
		return campaignErr(err)
	}
	if c.State != Approved && c.State != Running {
		return errs.E(errs.Conflict, "only an approved campaign can be started; this one is %s", c.State)
	}
	if c.Snapshot == nil {
		return errs.E(errs.Conflict, "the campaign has no approved template")
	}
	if c.Kind == PublicNotice {
		return s.publish(ctx, a, c)
	}
	q, err := s.queueLedger(ctx, a, c)
	if err != nil {
		return err
	}
	return s.markStarted(ctx, a, c, q)
}

// queued is what queueing the ledger did.
type queued struct {
	Inserted    int64 // rows added now
	Unreachable int64 // recipients reachable on no allowed channel
}

// queueLedger inserts a row for every reachable recipient, in chunks of
// queueChunk rows, each chunk its own transaction.
func (s *Service) queueLedger(ctx context.Context, a auth.Actor, c *Campaign) (queued, error) {
	var q queued
	compiled, err := Compile(c.Snapshot)
	if err != nil {
		return q, err
	}
	rules, err := s.segmentRules(ctx, a, c)
	if err != nil {
		return q, err
	}
	domain, err := s.idDomain(ctx, c)
	if err != nil {
		return q, err
	}
	ids := newIDSource(domain)
	chunk := make([]Delivery, 0, queueChunk)
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		return s.store.Update(ctx, func(tx Tx) error {
			n, err := tx.QueueDeliveries(ctx, chunk)
			q.Inserted += n
			chunk = chunk[:0]
			return err
		})
	}
	err = s.people.EachMember(ctx, c.IncidentID, rules, func(p *people.Person) error {
		ch, ok := channelFor(c, p)
		if !ok {
			q.Unreachable++
			return nil
		}
		now := s.now()
		chunk = append(chunk, Delivery{
			CampaignID: c.ID, IncidentID: c.IncidentID, PersonID: p.ID, Channel: ch, State: Pending,
			Lang: compiled.Lang(p), MessageID: ids.next(c.ID, p.ID), NextAt: now, QueuedAt: now, UpdatedAt: now,
		})
		if len(chunk) == queueChunk {
			return flush()
		}
		return nil
	})
	if err != nil {
		return q, err
	}
	return q, flush()
}

// idDomain is the domain of the campaign's Message-IDs. An e-mail campaign
// needs a relay to start.
func (s *Service) idDomain(ctx context.Context, c *Campaign) (string, error) {
	relay, err := s.relayConfig(ctx)
	switch {
	case err == nil:
		return messageDomain(relay), nil
	case c.Channel == ByLetter && errors.Is(err, errNoRelay):
		return messageDomain(nil), nil
	}
	return "", err
}

// markStarted sets the fully queued campaign running.
func (s *Service) markStarted(ctx context.Context, a auth.Actor, c *Campaign, q queued) error {
	byState, _, err := s.store.Counts(ctx, c.ID)
	if err != nil {
		return err
	}
	var rows int64
	for _, n := range byState {
		rows += n
	}
	return s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, c.IncidentID, c.ID)
		if err != nil {
			return campaignErr(err)
		}
		detail := map[string]any{"queued": rows, "added": q.Inserted, "unreachable": q.Unreachable}
		switch c.State {
		case Approved:
			now := s.now()
			c.State, c.StartedAt, c.UpdatedAt, c.Queued = Running, &now, now, rows
			if err := tx.UpdateCampaign(ctx, c); err != nil {
				return err
			}
			return s.recordCampaign(ctx, tx, a, c, "campaign.start", "campaign_started", detail,
				"queued", strconv.FormatInt(rows, 10), "unreachable", strconv.FormatInt(q.Unreachable, 10))
		case Running, Paused:
			if q.Inserted == 0 {
				return nil
			}
			c.Queued, c.UpdatedAt = rows, s.now()
			if err := tx.UpdateCampaign(ctx, c); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), auth.Event{
				Action: "campaign.queue", ObjectType: "campaign", ObjectID: c.ID, IncidentID: c.IncidentID, Detail: detail,
			}))
		default: // cancelled while queueing: the runner sends nothing of it
			return errs.E(errs.Conflict, "the campaign was %s while its ledger was queued", c.State)
		}
	})
}

// publish records a public notice as published; it has no ledger.
func (s *Service) publish(ctx context.Context, a auth.Actor, c *Campaign) error {
	return s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, c.IncidentID, c.ID)
		if err != nil {
			return campaignErr(err)
		}
		if c.State != Approved {
			return errs.E(errs.Conflict, "only an approved campaign can be started; this one is %s", c.State)
		}
		now := s.now()
		c.State, c.StartedAt, c.FinishedAt, c.UpdatedAt = Published, &now, &now, now
		if err := tx.UpdateCampaign(ctx, c); err != nil {
			return err
		}
		return s.recordCampaign(ctx, tx, a, c, "campaign.publish", "campaign_published", nil)
	})
}

// idSource makes Message-IDs "<c{campaign}.p{person}.{8 hex}@{domain}>".
// The random part keeps IDs from being guessed from the person ID alone;
// it is read from crypto/rand a chunk at a time.
type idSource struct {
	domain string
	buf    []byte
}

func newIDSource(domain string) *idSource { return &idSource{domain: domain} }

func (g *idSource) next(campaignID, personID int64) string {
	if len(g.buf) < 4 {
		g.buf = make([]byte, 4*queueChunk)
		rand.Read(g.buf) // never fails (crypto/rand panics rather)
	}
	random := hex.EncodeToString(g.buf[:4])
	g.buf = g.buf[4:]
	return "<c" + strconv.FormatInt(campaignID, 10) + ".p" + strconv.FormatInt(personID, 10) + "." + random + "@" + g.domain + ">"
}

// messageDomain is the right side of the Message-IDs: the relay sender's
// domain, so receivers see IDs of the domain that sends.
func messageDomain(cfg *SMTPConfig) string {
	if cfg != nil {
		if _, domain, ok := strings.Cut(cfg.From, "@"); ok && domain != "" && !strings.ContainsAny(domain, "<> \t@") {
			return strings.ToLower(domain)
		}
	}
	return "breachdesk.invalid"
}
