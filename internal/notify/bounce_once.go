package notify

import (
	"context"
	"errors"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// BounceResult is what one pass over the bounce mailbox did.
type BounceResult struct {
	Read    int64 // messages fetched
	Matched int64 // bounces of our messages
}

// FetchBounces reads the bounce mailbox once, from where the last pass
// stopped, and says what it found: one round of PollBounces, and
// 'breachdesk notify bounces'. A message that fails to be processed (the
// database is away) is fetched again next time.
func (s *Service) FetchBounces(ctx context.Context, src BounceSource) (BounceResult, error) {
	var res BounceResult
	cursor, err := s.store.Setting(ctx, bounceCursorKey)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return res, err
	}
	next, err := src.Fetch(ctx, string(cursor), func(raw []byte) error {
		res.Read++
		matched, err := s.ProcessBounce(ctx, raw)
		if matched {
			res.Matched++
		}
		return err
	})
	if next != string(cursor) {
		saveErr := s.store.Update(ctx, func(tx Tx) error {
			return tx.SaveSetting(ctx, bounceCursorKey, []byte(next))
		})
		err = errors.Join(err, saveErr)
	}
	return res, err
}
