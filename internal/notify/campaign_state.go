package notify

import (
	"context"
	"slices"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Pause stops sending; messages being sent finish. Resume goes on where it
// stopped.
func (s *Service) Pause(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return s.transition(ctx, a, id, campaignID, "pause", []State{Running}, Paused, "campaign.pause", "campaign_paused")
}

func (s *Service) Resume(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return s.transition(ctx, a, id, campaignID, "resume", []State{Paused}, Running, "campaign.resume", "campaign_resumed")
}

// Cancel stops the campaign: pending rows are withdrawn; a message being
// sent finishes and is recorded.
func (s *Service) Cancel(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return s.transition(ctx, a, id, campaignID, "cancel", []State{Draft, Approved, Running, Paused}, Cancelled,
		"campaign.cancel", "campaign_cancelled")
}

// transition moves the campaign from one of from to to, with its audit
// entry and timeline event.
func (s *Service) transition(ctx context.Context, a auth.Actor, id, campaignID int64, verb string, from []State, to State, action, event string) error {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(r.Edit, verb+" campaigns"); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, id, campaignID)
		if err != nil {
			return campaignErr(err)
		}
		if !slices.Contains(from, c.State) {
			return errs.E(errs.Conflict, "a %s campaign cannot %s", c.State, verb)
		}
		now := s.now()
		c.State, c.UpdatedAt = to, now
		var detail map[string]any
		var args []string
		if to == Cancelled {
			withdrawn, err := tx.WithdrawPending(ctx, c.ID, now)
			if err != nil {
				return err
			}
			c.FinishedAt = &now
			detail = map[string]any{"withdrawn": withdrawn}
			args = []string{"withdrawn", strconv.FormatInt(withdrawn, 10)}
		}
		if err := tx.UpdateCampaign(ctx, c); err != nil {
			return err
		}
		return s.recordCampaign(ctx, tx, a, c, action, event, detail, args...)
	})
}

// finishIfDone sets a running campaign Done when its ledger has no Pending
// or Sending row left, inside tx. It reports whether it did.
func (s *Service) finishIfDone(ctx context.Context, tx Tx, a auth.Actor, c *Campaign) (bool, error) {
	if c.State != Running {
		return false, nil
	}
	left, err := tx.Unfinished(ctx, c.ID)
	if err != nil || left > 0 {
		return false, err
	}
	byState, _, err := tx.Counts(ctx, c.ID)
	if err != nil {
		return false, err
	}
	now := s.now()
	c.State, c.FinishedAt, c.UpdatedAt = Done, &now, now
	if err := tx.UpdateCampaign(ctx, c); err != nil {
		return false, err
	}
	count := func(st DeliveryState) string { return strconv.FormatInt(byState[st], 10) }
	detail := map[string]any{}
	for st, n := range byState {
		detail[string(st)] = n
	}
	return true, s.recordCampaign(ctx, tx, a, c, "campaign.done", "campaign_done", detail,
		"sent", count(Sent), "posted", count(Posted), "failed", count(Failed), "bounced", count(Bounced),
		"withdrawn", count(Withdrawn))
}

// finish checks a running campaign for being done, in its own transaction.
func (s *Service) finish(ctx context.Context, incidentID, campaignID int64) (bool, error) {
	var done bool
	err := s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, incidentID, campaignID)
		if err != nil {
			return err
		}
		done, err = s.finishIfDone(ctx, tx, auth.System(), c)
		return err
	})
	return done, err
}

// maxBatch caps a letter batch: a print house takes files of some
// thousand letters.
const maxBatch = 10000

// CreateLetterBatch puts up to size pending letters into a new batch.
func (s *Service) CreateLetterBatch(ctx context.Context, a auth.Actor, id, campaignID int64, size int) (*LetterBatch, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(r.Edit, "make letter batches"); err != nil {
		return nil, err
	}
	if size <= 0 || size > maxBatch {
		return nil, errs.Fields{"size": errs.InvalidValue}.Err()
	}
	b := &LetterBatch{CampaignID: campaignID, IncidentID: id, CreatedBy: a.UserID, CreatedAt: s.now()}
	err = s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, id, campaignID)
		if err != nil {
			return campaignErr(err)
		}
		if c.State != Running && c.State != Paused {
			return errs.E(errs.Conflict, "letters are batched while the campaign runs; this one is %s", c.State)
		}
		if err := tx.AddLetterBatch(ctx, b, size); err != nil {
			return err
		}
		if b.Letters == 0 {
			return errs.E(errs.Conflict, "no pending letters are left to batch")
		}
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, b.CreatedAt, auth.Event{
			Action: "campaign.letter_batch", ObjectType: "campaign", ObjectID: c.ID, IncidentID: id,
			Detail: map[string]any{"batch": b.ID, "letters": b.Letters},
		}))
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// MarkPosted records that the print house posted the batch; the campaign is
// done when that was the last of its ledger.
func (s *Service) MarkPosted(ctx context.Context, a auth.Actor, id, campaignID, batchID int64) error {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(r.Edit, "mark letters posted"); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, id, campaignID)
		if err != nil {
			return campaignErr(err)
		}
		now := s.now()
		if err := tx.MarkBatchPosted(ctx, campaignID, batchID, a.UserID, now); err != nil {
			return err
		}
		err = tx.AppendAudit(ctx, auth.NewAuditEntry(a, now, auth.Event{
			Action: "campaign.letters_posted", ObjectType: "campaign", ObjectID: c.ID, IncidentID: id,
			Detail: map[string]any{"batch": batchID},
		}))
		if err != nil {
			return err
		}
		_, err = s.finishIfDone(ctx, tx, a, c)
		return err
	})
}
