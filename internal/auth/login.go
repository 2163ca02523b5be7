package auth

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Login is the outcome of a correct password.
type Login struct {
	Token    string // the session cookie's value; only its hash is stored
	Session  *Session
	User     *User
	NeedTOTP bool // the session is good only for entering the second factor
}

var (
	errBadLogin = errs.E(errs.Unauthorized, "wrong e-mail address or password")
	errBadCode  = errs.E(errs.Unauthorized, "wrong code; enter the code your app shows now")
)

// Login checks an e-mail address and password from addr. Unknown addresses,
// wrong passwords and disabled accounts get the same answer in the same time,
// so a login form does not tell who has an account.
func (s *Service) Login(ctx context.Context, email, password, addr string) (*Login, error) {
	email = NormalizeEmail(email)
	if err := s.throttled(email, addr); err != nil {
		return nil, err
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	if u == nil {
		_, _ = CheckPassword(s.dummyHash(), password)
		s.failed(email, addr)
		return nil, s.recordFailure(ctx, Actor{Via: ViaWeb, Addr: addr}, 0, "unknown_account", errBadLogin)
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		return nil, fmt.Errorf("auth: user %d: %w", u.ID, err)
	}
	if !ok || u.Disabled {
		s.failed(email, addr)
		reason := "wrong_password"
		if ok {
			reason = "disabled"
		}
		return nil, s.recordFailure(ctx, Actor{UserID: u.ID, Email: u.Email, Role: u.Role, Via: ViaWeb, Addr: addr}, u.ID, reason, errBadLogin)
	}
	s.accounts.Succeed(email)
	s.addrs.Succeed(addr)
	return s.startSession(ctx, u, addr, u.TOTPEnabled())
}

func (s *Service) throttled(email, addr string) error {
	wait := max(s.accounts.Wait(email), s.addrs.Wait(addr))
	if wait == 0 {
		return nil
	}
	minutes := int(math.Ceil(wait.Minutes()))
	return errs.E(errs.TooMany, "too many failed logins; try again in %d minute(s)", minutes)
}

func (s *Service) failed(email, addr string) {
	s.accounts.Fail(email)
	s.addrs.Fail(addr)
}

// recordFailure puts a failed login on record and returns answer.
func (s *Service) recordFailure(ctx context.Context, a Actor, userID int64, reason string, answer error) error {
	ev := Event{Action: "login.failed", ObjectType: "user", ObjectID: userID, Detail: map[string]any{"reason": reason}}
	if err := s.Record(ctx, a, ev); err != nil {
		return err
	}
	return answer
}

// startSession opens a session for u. A pending session only allows entering
// the second factor; the full session is a new one, so an ID seen before the
// second factor is worth nothing after it.
func (s *Service) startSession(ctx context.Context, u *User, addr string, pending bool) (*Login, error) {
	now := s.now()
	token := NewSecret()
	sess := &Session{
		IDHash: HashSecret(token), UserID: u.ID, CSRF: NewSecret(), TOTPPending: pending,
		CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(SessionMaxAge), Addr: addr,
	}
	if pending {
		sess.ExpiresAt = now.Add(TOTPPendingAge)
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		// Sweeping at each login keeps the table small without a timer.
		if err := tx.DeleteExpiredSessions(ctx, now, now.Add(-SessionIdle)); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		if pending {
			return nil
		}
		fresh, err := tx.UserForUpdate(ctx, u.ID)
		if err != nil {
			return err
		}
		fresh.LastLoginAt = &now
		if err := tx.UpdateUser(ctx, fresh); err != nil {
			return err
		}
		*u = *fresh
		return s.append(ctx, tx, ActorFor(u, ViaWeb, addr), Event{Action: "login.ok", ObjectType: "user", ObjectID: u.ID})
	})
	if err != nil {
		return nil, err
	}
	return &Login{Token: token, Session: sess, User: u, NeedTOTP: pending}, nil
}

// CompleteTOTP checks the second factor for a pending session and replaces
// it by a full one.
func (s *Service) CompleteTOTP(ctx context.Context, pendingToken, code, addr string) (*Login, error) {
	sess, err := s.store.Session(ctx, HashSecret(pendingToken))
	if err != nil || !sess.TOTPPending || sess.Expired(s.now()) {
		return nil, errs.E(errs.Unauthorized, "the login has expired; enter your password again")
	}
	u, err := s.store.User(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	if err := s.throttled(u.Email, addr); err != nil {
		return nil, err
	}
	var step int64
	err = s.store.Update(ctx, func(tx Tx) error {
		fresh, err := tx.UserForUpdate(ctx, u.ID)
		if err != nil {
			return err
		}
		var ok bool
		step, ok = CheckTOTP(fresh.TOTPSecret, code, s.now(), fresh.TOTPLastStep)
		if !ok || fresh.Disabled {
			return errs.E(errs.Unauthorized, "wrong code")
		}
		fresh.TOTPLastStep = step
		*u = *fresh
		if err := tx.UpdateUser(ctx, fresh); err != nil {
			return err
		}
		return tx.DeleteSession(ctx, sess.IDHash)
	})
	if errs.Is(err, errs.Unauthorized) {
		s.failed(u.Email, addr)
		return nil, s.recordFailure(ctx, ActorFor(u, ViaWeb, addr), u.ID, "wrong_totp", errBadCode)
	}
	if err != nil {
		return nil, err
	}
	s.accounts.Succeed(u.Email)
	return s.startSession(ctx, u, addr, false)
}

// SessionUser returns the session and user behind a session cookie. A
// missing, expired or pending session, or a disabled user, is Unauthorized.
func (s *Service) SessionUser(ctx context.Context, token string) (*Session, *User, error) {
	unauth := errs.E(errs.Unauthorized, "please log in")
	if token == "" {
		return nil, nil, unauth
	}
	sess, err := s.store.Session(ctx, HashSecret(token))
	if errs.Is(err, errs.NotFound) {
		return nil, nil, unauth
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if sess.Expired(now) || sess.TOTPPending {
		return nil, nil, unauth
	}
	u, err := s.store.User(ctx, sess.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, unauth
	}
	if sess.NeedsTouch(now) {
		sess.SeenAt = now
		if err := s.store.Update(ctx, func(tx Tx) error { return tx.TouchSession(ctx, sess.IDHash, now) }); err != nil {
			return nil, nil, err
		}
	}
	return sess, u, nil
}

// PendingSession returns the session waiting for a second factor.
func (s *Service) PendingSession(ctx context.Context, token string) (*Session, error) {
	sess, err := s.store.Session(ctx, HashSecret(token))
	if err != nil || !sess.TOTPPending || sess.Expired(s.now()) {
		return nil, errs.E(errs.Unauthorized, "the login has expired; enter your password again")
	}
	return sess, nil
}

// Logout ends the session behind token.
func (s *Service) Logout(ctx context.Context, a Actor, token string) error {
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.DeleteSession(ctx, HashSecret(token)); err != nil {
			return err
		}
		return s.append(ctx, tx, a, Event{Action: "logout", ObjectType: "user", ObjectID: a.UserID})
	})
}

// TokenUser returns the user behind an API token.
func (s *Service) TokenUser(ctx context.Context, token string) (*User, error) {
	unauth := errs.E(errs.Unauthorized, "missing or invalid API token")
	if !LooksLikeToken(token) {
		return nil, unauth
	}
	t, err := s.store.TokenByHash(ctx, HashSecret(token))
	if errs.Is(err, errs.NotFound) {
		return nil, unauth
	}
	if err != nil {
		return nil, err
	}
	u, err := s.store.User(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, unauth
	}
	now := s.now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if err := s.store.Update(ctx, func(tx Tx) error { return tx.TouchToken(ctx, t.ID, now) }); err != nil {
			return nil, err
		}
	}
	return u, nil
}
