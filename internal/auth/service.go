package auth

import (
	"context"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Service applies the rules of who may log in and who may change whom.
type Service struct {
	store    Store
	now      func() time.Time
	argon    Argon2Params
	accounts *Throttle
	addrs    *Throttle
	// dummy is a hash checked for unknown accounts; computing it costs a
	// full argon2 run, so it is made on the first login, not at start-up
	// (every command-line call builds a Service).
	dummyOnce sync.Once
	dummy     string
}

// Options tune a Service; the zero value is right for production.
type Options struct {
	Now    func() time.Time // defaults to time.Now
	Argon2 *Argon2Params    // defaults to DefaultArgon2
}

// NewService returns a service over store.
func NewService(store Store, opts Options) *Service {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	argon := DefaultArgon2
	if opts.Argon2 != nil {
		argon = *opts.Argon2
	}
	return &Service{
		store:    store,
		now:      func() time.Time { return now().UTC().Truncate(time.Microsecond) },
		argon:    argon,
		accounts: NewThrottle(AccountThrottle, now),
		addrs:    NewThrottle(AddrThrottle, now),
	}
}

func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy = dummyHash(s.argon) })
	return s.dummy
}

// Now is the service's clock, in UTC at microsecond precision (what both
// databases store).
func (s *Service) Now() time.Time { return s.now() }

// Record appends ev to the audit chain on its own, for actions that change
// nothing but must be on record: views of personal data, exports, downloads.
func (s *Service) Record(ctx context.Context, a Actor, ev Event) error {
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, NewAuditEntry(a, s.now(), ev))
	})
}

// append is a shorthand for services writing their audit entry in tx.
func (s *Service) append(ctx context.Context, tx Tx, a Actor, ev Event) error {
	return tx.AppendAudit(ctx, NewAuditEntry(a, s.now(), ev))
}

func requireAdmin(a Actor) error {
	if !a.IsAdmin() {
		return errs.E(errs.Forbidden, "only an admin may do this")
	}
	return nil
}
