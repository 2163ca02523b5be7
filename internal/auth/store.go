package auth

import (
	"context"
	"time"
)

// Store persists users, sessions, tokens and the audit chain. Reads return
// an errs.NotFound error for a missing row, never nil, nil.
type Store interface {
	User(ctx context.Context, id int64) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	Users(ctx context.Context) ([]User, error) // ordered by e-mail
	Session(ctx context.Context, idHash string) (*Session, error)
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error) // newest first
	// AuditEntries returns entries matching f, newest first.
	AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
	// WalkAudit calls fn for every entry in Seq order, streaming, and stops
	// at the first error fn returns.
	WalkAudit(ctx context.Context, fn func(AuditEntry) error) error
	// Update runs fn in one transaction: all of it is stored or none.
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is what may be done inside a transaction.
type Tx interface {
	AuditAppender
	// UserForUpdate reads a user and, on PostgreSQL, locks the row.
	UserForUpdate(ctx context.Context, id int64) (*User, error)
	CreateUser(ctx context.Context, u *User) error // sets ID; errs.Conflict on a taken e-mail
	UpdateUser(ctx context.Context, u *User) error
	CountActiveAdmins(ctx context.Context) (int, error)
	CreateSession(ctx context.Context, s *Session) error
	TouchSession(ctx context.Context, idHash string, seenAt time.Time) error
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteExpiredSessions removes sessions that ended (ExpiresAt before
	// now) or were idle since before idleSince.
	DeleteExpiredSessions(ctx context.Context, now, idleSince time.Time) error
	// DeleteUserSessions ends every session of the user but the one whose
	// hash is except ("" ends all).
	DeleteUserSessions(ctx context.Context, userID int64, except string) error
	CreateToken(ctx context.Context, t *Token) error // sets ID
	TouchToken(ctx context.Context, id int64, usedAt time.Time) error
	DeleteToken(ctx context.Context, userID, id int64) error // errs.NotFound if the user has no such token
}

// AuditAppender appends to the audit chain. Every capability's transaction
// offers it, so a change and its audit entry are stored together or not at
// all. The store reads the newest entry (serializing concurrent appends),
// seals the new entry after it with Seal and inserts it.
type AuditAppender interface {
	AppendAudit(ctx context.Context, e AuditEntry) error
}
