package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

const (
	errNoSubscriber      = "no such subscriber"
	errSubscriberStored  = "this address is subscribed already"
	subscriberColumnList = `id, email_key, sealed, lang, state, confirm_hash, unsub_key, created_at, confirmed_at, unsubscribed_at`
	subscriberSelect     = `SELECT ` + subscriberColumnList + ` FROM publish_subscribers s`
)

func scanSubscriber(row rowScanner) (s publish.SubscriberRow, err error) {
	err = row.Scan(&s.ID, &s.EmailKey, &s.Sealed, &s.Lang, &s.State, &s.ConfirmHash, &s.UnsubKey, scanTime(&s.CreatedAt),
		scanNullTime(&s.ConfirmedAt), scanNullTime(&s.UnsubscribedAt))
	return s, err
}

// subscriberBy loads the subscriber whose column col holds v. Neither v
// nor anything else about the address reaches an error.
func (c conn) subscriberBy(ctx context.Context, col string, v any, lock string) (*publish.SubscriberRow, error) {
	s, err := scanSubscriber(c.queryRow(ctx, subscriberSelect+` WHERE s.`+col+` = ?`+lock, v))
	if err != nil {
		return nil, readErr(err, errNoSubscriber, "load a subscriber")
	}
	return &s, nil
}

// subscriberByKey is subscriberBy for a key, where an empty key finds no
// one (NULL matches nothing, and the empty key is no one's).
func (c conn) subscriberByKey(ctx context.Context, col string, key []byte, lock string) (*publish.SubscriberRow, error) {
	if len(key) == 0 {
		return nil, errs.E(errs.NotFound, errNoSubscriber)
	}
	return c.subscriberBy(ctx, col, key, lock)
}

func (s publishStore) Subscriber(ctx context.Context, id int64) (*publish.SubscriberRow, error) {
	return s.db.reader().subscriberBy(ctx, "id", id, "")
}

func (s publishStore) SubscriberByKey(ctx context.Context, emailKey []byte) (*publish.SubscriberRow, error) {
	return s.db.reader().subscriberByKey(ctx, "email_key", emailKey, "")
}

func (s publishStore) SubscriberByUnsubKey(ctx context.Context, unsubKey []byte) (*publish.SubscriberRow, error) {
	return s.db.reader().subscriberByKey(ctx, "unsub_key", unsubKey, "")
}

func (s publishStore) SubscriberByConfirmHash(ctx context.Context, hash []byte) (*publish.SubscriberRow, error) {
	return s.db.reader().subscriberByKey(ctx, "confirm_hash", hash, "")
}

// Subscriber and SubscriberByKey in a transaction lock the row, so that a
// confirmation and an unsubscription of one address wait for each other.
func (t publishTx) Subscriber(ctx context.Context, id int64) (*publish.SubscriberRow, error) {
	return t.subscriberBy(ctx, "id", id, t.lock("s"))
}

func (t publishTx) SubscriberByKey(ctx context.Context, emailKey []byte) (*publish.SubscriberRow, error) {
	return t.subscriberByKey(ctx, "email_key", emailKey, t.lock("s"))
}

// AddSubscriber inserts the subscriber; sets ID. An address (or
// unsubscribe key) stored already is a Conflict that leaves the
// transaction usable: two subscriptions of one address may race.
func (t publishTx) AddSubscriber(ctx context.Context, s *publish.SubscriberRow) error {
	sealed := s.Sealed
	if sealed == nil {
		sealed = []byte{} // the column is NOT NULL
	}
	err := t.queryRow(ctx, `INSERT INTO publish_subscribers (email_key, sealed, lang, state, confirm_hash, unsub_key,
		created_at, confirmed_at, unsubscribed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		s.EmailKey, sealed, s.Lang, string(s.State), blobArg(s.ConfirmHash), s.UnsubKey, t.time(s.CreatedAt),
		t.nullTime(s.ConfirmedAt), t.nullTime(s.UnsubscribedAt)).Scan(&s.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, errSubscriberStored)
	}
	if err != nil {
		return t.writeErr(err, errSubscriberStored, "add a subscriber")
	}
	return nil
}

func (t publishTx) UpdateSubscriber(ctx context.Context, s *publish.SubscriberRow) error {
	sealed := s.Sealed
	if sealed == nil {
		sealed = []byte{}
	}
	err := t.execOne(ctx, errNoSubscriber, `UPDATE publish_subscribers SET sealed = ?, lang = ?, state = ?,
		confirm_hash = ?, confirmed_at = ?, unsubscribed_at = ? WHERE id = ?`,
		sealed, s.Lang, string(s.State), blobArg(s.ConfirmHash), t.nullTime(s.ConfirmedAt), t.nullTime(s.UnsubscribedAt),
		s.ID)
	if err != nil {
		return t.writeErr(err, "", "update subscriber %d", s.ID)
	}
	return nil
}
