package notify

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// PersonDelivery is one ledger row of a person with the campaign it
// belongs to: what the hotline sees of "which notifications were sent
// when, and what became of them". It holds no personal data: IDs, states,
// times, the Message-ID and the relay's answer with addresses removed.
type PersonDelivery struct {
	Delivery
	CampaignName    string
	CampaignKind    Kind
	CampaignChannel Channel // the campaign's; Delivery.Channel is the row's (a letter after a fallback)
	CampaignState   State
}

// PersonDeliveries lists every ledger row of person personID in incident
// id across campaigns, newest first, with the campaign's name, kind,
// channel and state — for the hotline console. Every member of the
// incident may read it.
func (s *Service) PersonDeliveries(ctx context.Context, a auth.Actor, id, personID int64) ([]PersonDelivery, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.PersonDeliveries(ctx, id, personID)
}

// resendFrom are the campaign states in which a person's message may be
// sent again: the ledger exists and the runner (or the next letter batch)
// still takes rows. A done campaign runs again for it.
var resendFrom = []State{Running, Paused, Done}

// Resend queues the person's notification of campaign campaignID again,
// through the ledger: the row goes back to Pending with a fresh Message-ID
// (a deliberate second message, not a retry, so receivers must not take
// it for a duplicate) and its attempts reset. A letter row waits for the
// next batch. A done campaign is set running again, and the runner (or
// the posting of the batch) makes it done once more. Hotline agents,
// comms, leads and admins may; it is audited ("delivery.resend", with
// the previous state and Message-ID) and noted on the timeline with IDs
// only.
//
// It is a conflict when the campaign is not running, paused or done
// (a draft, a cancelled campaign) or the row is pending or being sent.
func (s *Service) Resend(ctx context.Context, a auth.Actor, id, campaignID, personID int64) error {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(r.Resend, "send a notification again"); err != nil {
		return err
	}
	c, err := s.store.Campaign(ctx, id, campaignID)
	if err != nil {
		return campaignErr(err)
	}
	domain, err := s.resendDomain(ctx, c)
	if err != nil {
		return err
	}
	ids := newIDSource(domain)
	return s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, id, campaignID)
		if err != nil {
			return campaignErr(err)
		}
		if !slices.Contains(resendFrom, c.State) {
			return errs.E(errs.Conflict, "a %s campaign sends nothing; only a running, paused or done campaign can send a message again", c.State)
		}
		d, err := tx.DeliveryForUpdate(ctx, c.ID, personID)
		if err != nil {
			return err
		}
		if d.State == Pending || d.State == Sending {
			return errs.E(errs.Conflict, "the person's message is %s already; it goes out without being sent again", d.State)
		}
		prevState, prevID := d.State, d.MessageID
		now := s.now()
		d.State, d.MessageID, d.Attempts, d.LastError = Pending, ids.next(c.ID, personID), 0, ""
		d.NextAt, d.QueuedAt, d.UpdatedAt, d.SentAt = now, now, now, nil
		d.ClaimedBy, d.LeaseUntil, d.BatchID = "", nil, 0
		if err := tx.RequeueDelivery(ctx, d); err != nil {
			return err
		}
		reopened := c.State == Done
		if reopened {
			c.State, c.FinishedAt, c.UpdatedAt = Running, nil, now
			if err := tx.UpdateCampaign(ctx, c); err != nil {
				return err
			}
		}
		return s.recordResend(ctx, tx, a, c, d, prevState, prevID, reopened)
	})
}

// resendDomain is the domain of the new Message-ID: the relay sender's,
// as at Start; a letter campaign needs no relay.
func (s *Service) resendDomain(ctx context.Context, c *Campaign) (string, error) {
	switch c.State {
	case Running, Paused, Done:
	default:
		return messageDomain(nil), nil // refused in the transaction
	}
	relay, err := s.relayConfig(ctx)
	switch {
	case err == nil:
		return messageDomain(relay), nil
	case errors.Is(err, errNoRelay) && c.Channel == ByLetter:
		return messageDomain(nil), nil
	}
	return "", err
}

// recordResend writes the audit entry (with what the row was before) and
// the timeline event, IDs only.
func (s *Service) recordResend(ctx context.Context, tx Tx, a auth.Actor, c *Campaign, d *Delivery, prevState DeliveryState, prevID string, reopened bool) error {
	now := s.now()
	err := tx.AppendAudit(ctx, auth.NewAuditEntry(a, now, auth.Event{
		Action: "delivery.resend", ObjectType: "delivery", ObjectID: d.ID, IncidentID: c.IncidentID,
		Detail: map[string]any{
			"campaign": c.ID, "person": d.PersonID, "channel": string(d.Channel),
			"previous_state": string(prevState), "previous_message_id": prevID, "message_id": d.MessageID,
			"campaign_reopened": reopened,
		},
	}))
	if err != nil {
		return err
	}
	ev := incident.SystemEvent{Name: "delivery_resent", Args: map[string]string{
		"id": strconv.FormatInt(c.ID, 10), "person": strconv.FormatInt(d.PersonID, 10),
		"delivery": strconv.FormatInt(d.ID, 10),
	}}
	return tx.AppendEntry(ctx, &incident.Entry{
		IncidentID: c.IncidentID, OccurredAt: now, RecordedAt: now, AuthorID: a.UserID,
		Kind: incident.EntrySystem, Text: ev.English(), Event: &ev,
	}, nil)
}
