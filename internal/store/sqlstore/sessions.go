package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
)

func (s authStore) Session(ctx context.Context, idHash string) (*auth.Session, error) {
	var ss auth.Session
	err := s.db.reader().queryRow(ctx, `SELECT id_hash, user_id, csrf, totp_pending, created_at, seen_at,
		expires_at, addr FROM sessions WHERE id_hash = ?`, idHash).Scan(
		&ss.IDHash, &ss.UserID, &ss.CSRF, &ss.TOTPPending, scanTime(&ss.CreatedAt), scanTime(&ss.SeenAt),
		scanTime(&ss.ExpiresAt), &ss.Addr)
	if err != nil {
		// No part of the hash in the message: it is as good as the cookie
		// to anyone reading a log next to the database.
		return nil, readErr(err, "no such session", "load session")
	}
	return &ss, nil
}

func (t *tx) CreateSession(ctx context.Context, s *auth.Session) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf, totp_pending, created_at, seen_at,
		expires_at, addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.IDHash, s.UserID, s.CSRF, t.d.Bool(s.TOTPPending), t.time(s.CreatedAt), t.time(s.SeenAt),
		t.time(s.ExpiresAt), s.Addr)
	if err != nil {
		return fmt.Errorf("sqlstore: create session of user %d: %w", s.UserID, err)
	}
	return nil
}

// TouchSession is quiet about a session that is gone: it may have been
// ended in another tab a moment ago, and the next request finds out.
func (t *tx) TouchSession(ctx context.Context, idHash string, seenAt time.Time) error {
	if _, err := t.exec(ctx, `UPDATE sessions SET seen_at = ? WHERE id_hash = ?`, t.time(seenAt), idHash); err != nil {
		return fmt.Errorf("sqlstore: touch session: %w", err)
	}
	return nil
}

// DeleteSession is quiet about a session that is gone: logging out twice
// is not an error.
func (t *tx) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
		return fmt.Errorf("sqlstore: delete session: %w", err)
	}
	return nil
}

func (t *tx) DeleteExpiredSessions(ctx context.Context, now, idleSince time.Time) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR seen_at < ?`, t.time(now), t.time(idleSince))
	if err != nil {
		return fmt.Errorf("sqlstore: delete expired sessions: %w", err)
	}
	return nil
}

func (t *tx) DeleteUserSessions(ctx context.Context, userID int64, except string) error {
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?`, userID, except); err != nil {
		return fmt.Errorf("sqlstore: delete sessions of user %d: %w", userID, err)
	}
	return nil
}
