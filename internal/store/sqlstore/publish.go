package sqlstore

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// Publish returns the store of the public side: statements, listings,
// components, page settings, subscribers, the public outbox and leaked
// password hashes. Subscribers' addresses reach it sealed.
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

var errPublishNotBuilt = errs.E(errs.Invalid, "publish store: not built yet")

func (s publishStore) Update(ctx context.Context, fn func(publish.Tx) error) error {
	return s.db.update(ctx, func(t *tx) error { return fn(publishTx{t}) })
}

// Everything below is a stub, replaced by publish_*.go.

func (s publishStore) Page(ctx context.Context) (*publish.Page, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Statements(ctx context.Context, incidentID int64) ([]publish.Statement, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Statement(ctx context.Context, incidentID, id int64) (*publish.Statement, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) PublishedStatements(ctx context.Context) ([]publish.Statement, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Listing(ctx context.Context, incidentID int64) (*publish.Listing, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Listings(ctx context.Context) ([]publish.Listing, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Components(ctx context.Context) ([]publish.Component, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) ComponentChanges(ctx context.Context, since time.Time) ([]publish.ComponentChange, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Subscriber(ctx context.Context, id int64) (*publish.SubscriberRow, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) SubscriberByKey(ctx context.Context, emailKey []byte) (*publish.SubscriberRow, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) SubscriberByUnsubKey(ctx context.Context, unsubKey []byte) (*publish.SubscriberRow, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) SubscriberByConfirmHash(ctx context.Context, hash []byte) (*publish.SubscriberRow, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Counts(ctx context.Context) (*publish.Counts, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) MailsTo(ctx context.Context, kind publish.MailKind, recipientKey []byte, since time.Time) (int, error) {
	return 0, errPublishNotBuilt
}
func (s publishStore) PwnedRange(ctx context.Context, incidentID int64, prefix string) ([]publish.PwnedRow, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) Pwned(ctx context.Context, incidentID int64) ([]publish.PwnedRow, error) {
	return nil, errPublishNotBuilt
}
func (s publishStore) PwnedCount(ctx context.Context, incidentID int64) (int, error) {
	return 0, errPublishNotBuilt
}

func (t publishTx) SavePage(ctx context.Context, p *publish.Page) error { return errPublishNotBuilt }
func (t publishTx) Statement(ctx context.Context, incidentID, id int64) (*publish.Statement, error) {
	return nil, errPublishNotBuilt
}
func (t publishTx) AddStatement(ctx context.Context, s *publish.Statement) error {
	return errPublishNotBuilt
}
func (t publishTx) UpdateStatement(ctx context.Context, s *publish.Statement) error {
	return errPublishNotBuilt
}
func (t publishTx) Listing(ctx context.Context, incidentID int64) (*publish.Listing, error) {
	return nil, errPublishNotBuilt
}
func (t publishTx) SaveListing(ctx context.Context, l *publish.Listing) error {
	return errPublishNotBuilt
}
func (t publishTx) Component(ctx context.Context, id int64) (*publish.Component, error) {
	return nil, errPublishNotBuilt
}
func (t publishTx) AddComponent(ctx context.Context, c *publish.Component) error {
	return errPublishNotBuilt
}
func (t publishTx) UpdateComponent(ctx context.Context, c *publish.Component) error {
	return errPublishNotBuilt
}
func (t publishTx) AddComponentChange(ctx context.Context, ch *publish.ComponentChange) error {
	return errPublishNotBuilt
}
func (t publishTx) SubscriberByKey(ctx context.Context, emailKey []byte) (*publish.SubscriberRow, error) {
	return nil, errPublishNotBuilt
}
func (t publishTx) Subscriber(ctx context.Context, id int64) (*publish.SubscriberRow, error) {
	return nil, errPublishNotBuilt
}
func (t publishTx) AddSubscriber(ctx context.Context, s *publish.SubscriberRow) error {
	return errPublishNotBuilt
}
func (t publishTx) UpdateSubscriber(ctx context.Context, s *publish.SubscriberRow) error {
	return errPublishNotBuilt
}
func (t publishTx) AddMail(ctx context.Context, m *publish.MailRow) error { return errPublishNotBuilt }
func (t publishTx) QueueUpdate(ctx context.Context, statementID int64, domain string, now time.Time) (int, error) {
	return 0, errPublishNotBuilt
}
func (t publishTx) ClaimMail(ctx context.Context, now, leaseUntil time.Time) (*publish.MailRow, error) {
	return nil, errPublishNotBuilt
}
func (t publishTx) SaveMailResult(ctx context.Context, m *publish.MailRow) error {
	return errPublishNotBuilt
}
func (t publishTx) ReplacePwned(ctx context.Context, incidentID int64, rows []publish.PwnedRow) error {
	return errPublishNotBuilt
}
