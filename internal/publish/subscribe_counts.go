package publish

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Counts returns the numbers of subscribers, mails and self-checks; for
// admins and leads, as the page's settings.
func (s *Service) Counts(ctx context.Context, a auth.Actor) (*Counts, error) {
	if !s.DeskRights(a).Page {
		return nil, errs.E(errs.Forbidden, "your role does not allow you to see the public side's numbers")
	}
	return s.store.Counts(ctx)
}
