package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// Notify returns the store of notification templates, campaigns, the
// delivery ledger, letter batches and the mail settings.
func (db *DB) Notify() notify.Store { return notifyStore{db} }

type notifyStore struct{ db *DB }

var (
	_ notify.Store = notifyStore{}
	_ notify.Tx    = (*tx)(nil)
)

// Update runs fn in a transaction. The statements of the sending loop and
// of queueing are prepared first, outside it.
func (s notifyStore) Update(ctx context.Context, fn func(notify.Tx) error) error {
	s.db.prepare(ctx, claimQuery(s.db.d), saveClaimedQuery, queueFullQuery)
	return s.db.update(ctx, func(t *tx) error { return fn(t) })
}

const errNoSetting = "no such setting"

func (c conn) setting(ctx context.Context, key string) ([]byte, error) {
	var v []byte
	err := c.queryRow(ctx, `SELECT value FROM notify_settings WHERE key = ?`, key).Scan(&v)
	if err != nil {
		return nil, readErr(err, errNoSetting, "load setting %q", key)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

func (s notifyStore) Setting(ctx context.Context, key string) ([]byte, error) {
	return s.db.reader().setting(ctx, key)
}

func (t *tx) Setting(ctx context.Context, key string) ([]byte, error) { return t.setting(ctx, key) }

// SaveSetting inserts or replaces the setting.
func (t *tx) SaveSetting(ctx context.Context, key string, value []byte) error {
	if value == nil {
		value = []byte{} // the column is NOT NULL
	}
	_, err := t.exec(ctx, `INSERT INTO notify_settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("sqlstore: save setting %q: %w", key, err)
	}
	return nil
}
