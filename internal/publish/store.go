package publish

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// SubscriberRow is a subscriber as stored: the address only sealed (with
// the register's key) and as blind keys.
type SubscriberRow struct {
	ID int64
	// EmailKey is the blind index of the normalized address (unique).
	EmailKey []byte
	// Sealed holds the address, sealed.
	Sealed []byte
	Lang   string
	State  SubscriberState
	// ConfirmHash is the SHA-256 of the confirmation token mailed at the
	// latest subscription (nil once confirmed).
	ConfirmHash []byte
	// UnsubKey identifies the subscriber in unsubscribe links (unique,
	// derived from the address with the register's key).
	UnsubKey       []byte
	CreatedAt      time.Time
	ConfirmedAt    *time.Time
	UnsubscribedAt *time.Time
}

// MailRow is an outgoing mail of the public side: one row per mail, so
// that the outbox sends each exactly once (the notification ledger's
// discipline: fixed Message-ID, record and claim in one transaction,
// leases).
type MailRow struct {
	ID        int64
	Kind      MailKind
	MessageID string // unique
	// SubscriberID is set for ConfirmMail and UpdateMail.
	SubscriberID int64
	// StatementID is set for UpdateMail: (StatementID, SubscriberID) is
	// unique, so a statement reaches a subscriber once.
	StatementID int64
	// RecipientKey is the blind index of the recipient's address, for the
	// limit on mails per address (never the address).
	RecipientKey []byte
	// Sealed holds what the mail needs beyond the rows it names (the
	// self-check's address and language); cleared once the mail is Sent
	// or Failed.
	Sealed     []byte
	Lang       string
	State      MailState
	Attempts   int
	LastError  string
	CreatedAt  time.Time
	NextAt     time.Time
	LeaseUntil *time.Time
	SentAt     *time.Time
}

// PwnedRow is one leaked password hash in the Pwned Passwords range
// format: the first five and the other 35 hex digits (upper case) of its
// SHA-1, and how often the leak holds it.
type PwnedRow struct {
	Prefix string
	Suffix string
	Count  int
}

// Store persists the public side. Single-row reads return an errs.NotFound
// error for a missing row, never nil, nil.
type Store interface {
	// Page returns the page settings; NotFound when never saved.
	Page(ctx context.Context) (*Page, error)
	// Statements lists an incident's statements, newest (highest ID) first.
	Statements(ctx context.Context, incidentID int64) ([]Statement, error)
	Statement(ctx context.Context, incidentID, id int64) (*Statement, error)
	// PublishedStatements lists the Published and Superseded statements of
	// every incident, newest PublishedAt first.
	PublishedStatements(ctx context.Context) ([]Statement, error)
	Listing(ctx context.Context, incidentID int64) (*Listing, error)
	// Listings lists every incident's listing (public or not), by
	// IncidentID.
	Listings(ctx context.Context) ([]Listing, error)
	// Components lists every component by Position, then ID.
	Components(ctx context.Context) ([]Component, error)
	// ComponentChanges lists the changes at or after since, newest first.
	ComponentChanges(ctx context.Context, since time.Time) ([]ComponentChange, error)
	Subscriber(ctx context.Context, id int64) (*SubscriberRow, error)
	SubscriberByKey(ctx context.Context, emailKey []byte) (*SubscriberRow, error)
	SubscriberByUnsubKey(ctx context.Context, unsubKey []byte) (*SubscriberRow, error)
	SubscriberByConfirmHash(ctx context.Context, hash []byte) (*SubscriberRow, error)
	// Counts counts subscribers by state and mails by kind and state;
	// SelfChecks counts the SelfCheckMail rows.
	Counts(ctx context.Context) (*Counts, error)
	// MailsTo counts the mails of kind to recipientKey created at or after
	// since.
	MailsTo(ctx context.Context, kind MailKind, recipientKey []byte, since time.Time) (int, error)
	// PwnedRange lists an incident's leaked password hashes with that
	// prefix, by Suffix; Pwned all of them, by Prefix then Suffix.
	PwnedRange(ctx context.Context, incidentID int64, prefix string) ([]PwnedRow, error)
	Pwned(ctx context.Context, incidentID int64) ([]PwnedRow, error)
	PwnedCount(ctx context.Context, incidentID int64) (int, error)
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is what may be done inside a transaction.
type Tx interface {
	auth.AuditAppender
	AppendEntry(ctx context.Context, e *incident.Entry, data [][]byte) error

	// SavePage stores the page settings (insert or replace).
	SavePage(ctx context.Context, p *Page) error

	Statement(ctx context.Context, incidentID, id int64) (*Statement, error)
	// AddStatement inserts; sets ID. A PublicID already used is an
	// errs.Conflict.
	AddStatement(ctx context.Context, s *Statement) error
	// UpdateStatement stores every field but ID, IncidentID, PublicID,
	// Kind, AuthorID and CreatedAt.
	UpdateStatement(ctx context.Context, s *Statement) error

	Listing(ctx context.Context, incidentID int64) (*Listing, error)
	// SaveListing inserts or updates the incident's listing (PublicID is
	// kept once set).
	SaveListing(ctx context.Context, l *Listing) error

	Component(ctx context.Context, id int64) (*Component, error)
	AddComponent(ctx context.Context, c *Component) error    // sets ID
	UpdateComponent(ctx context.Context, c *Component) error // Names, Position, Status, Hidden, UpdatedAt
	AddComponentChange(ctx context.Context, ch *ComponentChange) error

	SubscriberByKey(ctx context.Context, emailKey []byte) (*SubscriberRow, error)
	Subscriber(ctx context.Context, id int64) (*SubscriberRow, error)
	// AddSubscriber inserts; sets ID. An EmailKey already stored is an
	// errs.Conflict.
	AddSubscriber(ctx context.Context, s *SubscriberRow) error
	// UpdateSubscriber stores Sealed, Lang, State, ConfirmHash,
	// ConfirmedAt and UnsubscribedAt.
	UpdateSubscriber(ctx context.Context, s *SubscriberRow) error

	// AddMail queues a mail; sets ID. A MessageID already stored, or an
	// UpdateMail for a (StatementID, SubscriberID) already stored, is an
	// errs.Conflict, and the transaction stays usable after it.
	AddMail(ctx context.Context, m *MailRow) error
	// QueueUpdate queues one UpdateMail of the statement to every
	// Confirmed subscriber that has none for it yet, Queued and due at
	// now, with the Message-ID "<update.STATEMENT.SUBSCRIBER@domain>" and
	// the subscriber's Lang; it returns how many it queued.
	QueueUpdate(ctx context.Context, statementID int64, domain string, now time.Time) (int, error)
	// ClaimMail takes the next mail that is Queued and due (NextAt <= now),
	// or Sending with a lease that ran out before now, lowest ID first:
	// sets it Sending, Attempts+1, LeaseUntil leaseUntil. NotFound when
	// there is none.
	ClaimMail(ctx context.Context, now, leaseUntil time.Time) (*MailRow, error)
	// SaveMailResult stores State, Attempts, LastError, NextAt,
	// LeaseUntil, SentAt and Sealed (nil clears it).
	SaveMailResult(ctx context.Context, m *MailRow) error

	// ReplacePwned replaces the incident's leaked password hashes.
	ReplacePwned(ctx context.Context, incidentID int64, rows []PwnedRow) error
}
