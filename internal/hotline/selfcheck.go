package hotline

import (
	"context"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// SelfCheckTopic is the topic of the inquiries the public self-check logs.
const SelfCheckTopic = "self-check"

// SelfCheckLog is what the public self-check ("am I affected?") found in
// one incident's register for one address.
type SelfCheckLog struct {
	// Email is the address asked about.
	Email string
	Lang  string
	// PersonID is the person the register knows by the address; 0 when
	// the address is not in the data analysed so far.
	PersonID int64
	// AskedAt is when the address was asked about (now when zero).
	AskedAt time.Time
}

// LogSelfCheck records a self-check as an answered web inquiry of the
// incident, logged by the desk itself: the public site's visitor is no
// user, so no rights are checked (the public side calls it once it has
// mailed the answer). The address is kept sealed only when the person is
// affected; for anyone else only its blind index is kept, so that the
// hotline finds the inquiry when the same person calls, but the desk never
// holds the address of somebody the breach did not touch.
func (s *Service) LogSelfCheck(ctx context.Context, incidentID int64, c SelfCheckLog) (*Inquiry, error) {
	key := s.emailKey(c.Email)
	if key == nil {
		return nil, errs.Fields{"email": errs.InvalidEmail}.Err()
	}
	st, err := s.loadSettings(ctx, incidentID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	at := now
	if !c.AskedAt.IsZero() && c.AskedAt.Before(now) {
		at = c.AskedAt.UTC().Truncate(time.Microsecond)
	}
	q := &Inquiry{
		IncidentID: incidentID, Channel: ByWeb, Status: Open, Outcome: Answered, Match: NotFound,
		Lang: strings.TrimSpace(c.Lang), Topic: SelfCheckTopic, ReceivedAt: at, UpdatedAt: now,
	}
	if c.PersonID != 0 {
		q.Match, q.PersonID = Affected, c.PersonID
		q.Private.CallerEmail = people.NormalizeEmail(c.Email)
	}
	startClocks(q, st)
	closeIfAnswered(q, now)
	row, err := s.sealInquiry(q, key)
	if err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.AddInquiry(ctx, row); err != nil {
			return err
		}
		q.ID = row.ID
		return s.audit(ctx, tx, auth.System(), incidentID, auth.Event{Action: "inquiry.create", ObjectType: "inquiry",
			ObjectID: q.ID, Detail: map[string]any{"channel": q.Channel, "outcome": q.Outcome, "topic": q.Topic,
				"match": q.Match, "person_id": q.PersonID}})
	})
	if err != nil {
		return nil, err
	}
	out := *q
	out.Private = maskPrivate(q.Private, true)
	return &out, nil
}
