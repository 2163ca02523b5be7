package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
)

const tokenColumns = `id, user_id, name, hash, hint, created_at, last_used_at`

func scanToken(row rowScanner) (t auth.Token, err error) {
	err = row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Hint, scanTime(&t.CreatedAt), scanNullTime(&t.LastUsedAt))
	return t, err
}

func (s authStore) TokenByHash(ctx context.Context, hash string) (*auth.Token, error) {
	t, err := scanToken(s.db.reader().queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = ?`, hash))
	if err != nil {
		return nil, readErr(err, "no such token", "load token by hash")
	}
	return &t, nil
}

func (s authStore) Tokens(ctx context.Context, userID int64) ([]auth.Token, error) {
	out, err := queryAll(ctx, s.db.reader(), scanToken, `SELECT `+tokenColumns+` FROM api_tokens
		WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list tokens of user %d: %w", userID, err)
	}
	return out, nil
}

func (t *tx) CreateToken(ctx context.Context, tok *auth.Token) error {
	err := t.queryRow(ctx, `INSERT INTO api_tokens (user_id, name, hash, hint, created_at, last_used_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		tok.UserID, tok.Name, tok.Hash, tok.Hint, t.time(tok.CreatedAt), t.nullTime(tok.LastUsedAt)).Scan(&tok.ID)
	if err != nil {
		return t.writeErr(err, "", "create token of user %d", tok.UserID)
	}
	return nil
}

// TouchToken is quiet about a token that is gone: it may have been revoked
// while the request using it was under way.
func (t *tx) TouchToken(ctx context.Context, id int64, usedAt time.Time) error {
	if _, err := t.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, t.time(usedAt), id); err != nil {
		return fmt.Errorf("sqlstore: touch token %d: %w", id, err)
	}
	return nil
}

func (t *tx) DeleteToken(ctx context.Context, userID, id int64) error {
	err := t.execOne(ctx, "no such token", `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return t.writeErr(err, "", "delete token %d of user %d", id, userID)
	}
	return nil
}
