package notify

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// bounceCursorKey is the setting that remembers how far the bounce mailbox
// was read.
const bounceCursorKey = "notify.bounce_cursor"

// ProcessBounce reads one message from the bounce mailbox; when it is a
// delivery status notification for one of our messages, the recipient is
// marked bounced (and gets a letter if the campaign falls back). It
// reports whether the message matched. Messages that are no DSN, or a DSN
// of a message not in the ledger, are not ours: false, no error.
func (s *Service) ProcessBounce(ctx context.Context, raw []byte) (bool, error) {
	dsn, err := ParseDSN(raw)
	if err != nil || dsn == nil || dsn.OriginalMessageID == "" {
		return false, nil
	}
	failed := firstFailure(dsn)
	if failed == nil {
		return false, nil // delayed, delivered, relayed: nothing to do
	}
	id := normalizeMessageID(dsn.OriginalMessageID)
	d, err := s.store.DeliveryByMessageID(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	hasLetter := false
	if p, err := s.people.Unsealed(ctx, d.IncidentID, d.PersonID); err == nil && !p.Erased {
		hasLetter = p.HasAddress()
	} else if err != nil && !errs.Is(err, errs.NotFound) {
		return false, err
	}
	return true, s.store.Update(ctx, func(tx Tx) error {
		return s.bounceTx(ctx, tx, id, failed, hasLetter)
	})
}

// bounceTx marks the row bounced, or queues its letter, and reopens a done
// campaign that now has a letter to send.
func (s *Service) bounceTx(ctx context.Context, tx Tx, messageID string, failed *DSNRecipient, hasLetter bool) error {
	d, err := tx.DeliveryByMessageID(ctx, messageID)
	if err != nil {
		return err
	}
	if d.Channel != ByEmail || (d.State != Sent && d.State != Sending && d.State != Pending) {
		return nil // bounced already, or fallen back to a letter: seen before
	}
	c, err := tx.CampaignForUpdate(ctx, d.IncidentID, d.CampaignID)
	if err != nil {
		return err
	}
	now := s.now()
	why := bounceText(failed)
	d.State, d.LastError, d.ClaimedBy, d.LeaseUntil, d.UpdatedAt = Bounced, clip(why), "", nil, now
	if c.LetterFallback && hasLetter && c.State != Cancelled {
		d.Channel, d.State, d.NextAt = ByLetter, Pending, now
		d.LastError = clip(why + "; letter queued")
	}
	if err := tx.SaveDelivery(ctx, d); err != nil {
		return err
	}
	if d.State == Pending && c.State == Done {
		c.State, c.FinishedAt, c.UpdatedAt = Running, nil, now
		if err := tx.UpdateCampaign(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// firstFailure is the DSN's first recipient whose delivery failed.
func firstFailure(dsn *DSN) *DSNRecipient {
	for i := range dsn.Recipients {
		if strings.EqualFold(strings.TrimSpace(dsn.Recipients[i].Action), "failed") {
			return &dsn.Recipients[i]
		}
	}
	return nil
}

// bounceText is what the ledger keeps of a bounce: the status code and the
// diagnostic, with addresses taken out.
func bounceText(r *DSNRecipient) string {
	text := "bounced " + strings.TrimSpace(r.Status)
	if diag := strings.Join(strings.Fields(scrub(r.Diagnostic)), " "); diag != "" {
		text += " (" + diag + ")"
	}
	return text
}

// normalizeMessageID puts the angle brackets the ledger keeps around id.
func normalizeMessageID(id string) string {
	id = strings.TrimSpace(id)
	if !strings.HasPrefix(id, "<") {
		id = "<" + id
	}
	if !strings.HasSuffix(id, ">") {
		id += ">"
	}
	return id
}

// PollBounces fetches bounce messages from src every interval until ctx is
// cancelled, remembering how far it read in the settings (see
// FetchBounces). A failed round is logged and the next one tries again, so
// a mailbox that is away for a while stops nothing. The errors come from
// the mailbox and the store: they name no recipient.
func (s *Service) PollBounces(ctx context.Context, src BounceSource, interval time.Duration, log *slog.Logger) error {
	if interval <= 0 {
		interval = time.Minute
	}
	if log == nil {
		log = slog.Default()
	}
	for {
		res, err := s.FetchBounces(ctx, src)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("notify: reading the bounce mailbox failed; trying again", "err", StripAddresses(err.Error()), "retry_in", interval.String())
		case res.Matched > 0:
			log.Info("notify: bounces recorded", "read", res.Read, "matched", res.Matched)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(interval):
		}
	}
}
