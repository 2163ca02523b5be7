package notify

// Placeholder until the relay is built; added by the helper "webnotify"
// for the admin page's "send a test mail to me". The helper building the
// ledger (or the mail adapter's wiring) replaces this file.

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// SendTestMail sends a short test message through the relay in use (the
// --smtp one when set) to the actor's own address; admins only. It
// answers with the relay's refusal, never with a password.
func (s *Service) SendTestMail(ctx context.Context, a auth.Actor) error { return errNotBuilt }
