package publish

// Stubs of the public side's mail, replaced by subscribe.go, selfcheck.go,
// outbox.go and pwned.go.

import (
	"context"
	"io"
	"log/slog"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// errNotBuilt came from stub_desk.go, which the desk part deleted.
var errNotBuilt = errs.E(errs.Invalid, "publish: not built yet")

// Subscribe asks address to confirm a subscription in lang (double
// opt-in). It answers the same whether the address is new, pending,
// confirmed or unsubscribed, so the form tells nobody who subscribed; a
// malformed address is an errs.Invalid error naming the field "email".
func (s *Service) Subscribe(ctx context.Context, address, lang string) error {
	return errNotBuilt
}

// Confirm confirms the subscription the token was mailed for; it returns
// the subscriber's language. An unknown or used token is errs.NotFound.
func (s *Service) Confirm(ctx context.Context, token string) (lang string, err error) {
	return "", errNotBuilt
}

// Unsubscribe ends the subscription of the unsubscribe token (from the
// link and the List-Unsubscribe header of every mail). Unsubscribing
// twice is fine; an unknown token is errs.NotFound.
func (s *Service) Unsubscribe(ctx context.Context, token string) (lang string, err error) {
	return "", errNotBuilt
}

// SelfCheck queues the answer to "am I affected?" for address, in lang.
// It does the same work whatever the address (seal, blind key, one
// insert), so its time tells nothing; the lookup in the registers, the
// inquiry and the mail happen in the outbox. A malformed address is an
// errs.Invalid error naming the field "email". Beyond the limit of
// answers per address (3 a day) nothing is queued and nil is returned
// all the same: the page must not tell that either.
func (s *Service) SelfCheck(ctx context.Context, address, lang string) error {
	return errNotBuilt
}

// Counts returns the numbers of subscribers, mails and self-checks.
func (s *Service) Counts(ctx context.Context, a auth.Actor) (*Counts, error) {
	return nil, errNotBuilt
}

// ImportPasswords replaces incident id's leaked password hashes with the
// lines of r: SHA-1 hashes (40 hex digits, optionally ":count") or plain
// passwords, one per line. It returns how many distinct hashes it stored.
func (s *Service) ImportPasswords(ctx context.Context, a auth.Actor, id int64, r io.Reader) (int, error) {
	return 0, errNotBuilt
}

// PasswordRange returns the Pwned Passwords range lines ("SUFFIX:COUNT")
// for a five-hex-digit prefix of the page's RangeIncidentID; errs.NotFound
// when the range endpoint is off.
func (s *Service) PasswordRange(ctx context.Context, prefix string) ([]PwnedRow, error) {
	return nil, errNotBuilt
}

// RunOutbox sends the queued confirmations, updates and self-check answers
// over connections d opens until ctx ends.
func (s *Service) RunOutbox(ctx context.Context, d notify.Dialer, log *slog.Logger) error {
	<-ctx.Done()
	return nil
}

// SetFallbackURL is the public site's base URL for links in mails when
// Page.URL is empty (app sets it to the public listener's address).
func (s *Service) SetFallbackURL(u string) {}
