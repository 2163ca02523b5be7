package sqlstore

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// Publish returns the store of the public side: statements, listings,
// components, page settings, subscribers, the public outbox and leaked
// password hashes. Subscribers' addresses reach it sealed; no error below
// quotes a sealed value, a blind index, a public ID, a Message-ID or a
// hash.
func (db *DB) Publish() publish.Store { return publishStore{db} }

type publishStore struct{ db *DB }

// publishTx is the public side's view of a transaction. It wraps tx
// because some of its method names (AddMail, ClaimMail...) are the
// hotline's too, with other types.
type publishTx struct{ *tx }

var (
	_ publish.Store = publishStore{}
	_ publish.Tx    = publishTx{}
)

// Update runs fn in a transaction. The outbox's claim is prepared first,
// outside it, as the hotline's is.
func (s publishStore) Update(ctx context.Context, fn func(publish.Tx) error) error {
	s.db.prepare(ctx, publishClaimQuery(s.db.d))
	return s.db.update(ctx, func(t *tx) error { return fn(publishTx{t}) })
}

// mapArg encodes a map for a JSON text column; nil is {}.
func mapArg[V any](m map[string]V) (string, error) {
	if m == nil {
		m = map[string]V{}
	}
	return jsonArg(m)
}

// noEmptyMap turns an empty map read back into nil, as noEmpty does for
// lists.
func noEmptyMap[V any](m map[string]V) map[string]V {
	if len(m) == 0 {
		return nil
	}
	return m
}
