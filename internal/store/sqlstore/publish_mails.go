package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

const (
	errNoPublishMail     = "no such mail"
	errPublishMailStored = "this mail is queued already"
	errNoPublishMailDue  = "no mail to send"
)

const publishMailColumns = `id, kind, message_id, subscriber_id, statement_id, recipient_key, sealed, lang, state, attempts,
	last_error, created_at, next_at, lease_until, sent_at`

func scanPublishMail(row rowScanner) (m publish.MailRow, err error) {
	err = row.Scan(&m.ID, &m.Kind, &m.MessageID, scanID(&m.SubscriberID), scanID(&m.StatementID), &m.RecipientKey,
		&m.Sealed, &m.Lang, &m.State, &m.Attempts, &m.LastError, scanTime(&m.CreatedAt), scanTime(&m.NextAt),
		scanNullTime(&m.LeaseUntil), scanNullTime(&m.SentAt))
	return m, err
}

// AddMail queues the mail; sets ID. A Message-ID stored already, or a
// second update of one statement to one subscriber, is a Conflict found
// without an error inside the transaction (ON CONFLICT DO NOTHING), so
// that PostgreSQL's transaction stays usable for the caller to go on.
func (t publishTx) AddMail(ctx context.Context, m *publish.MailRow) error {
	args := []any{string(m.Kind), m.MessageID, idArg(m.SubscriberID), idArg(m.StatementID), blobArg(m.RecipientKey),
		blobArg(m.Sealed), m.Lang, string(m.State), m.Attempts, m.LastError, t.time(m.CreatedAt), t.time(m.NextAt),
		t.nullTime(m.LeaseUntil), t.nullTime(m.SentAt)}
	err := t.queryRow(ctx, `INSERT INTO publish_mails (kind, message_id, subscriber_id, statement_id, recipient_key,
		sealed, lang, state, attempts, last_error, created_at, next_at, lease_until, sent_at)
		VALUES (`+marks(len(args))+`) ON CONFLICT DO NOTHING RETURNING id`, args...).Scan(&m.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, errPublishMailStored)
	}
	if err != nil {
		return t.writeErr(err, errPublishMailStored, "queue a %s mail", m.Kind)
	}
	return nil
}

// QueueUpdate queues the statement's update to every confirmed
// subscriber in one statement: a publish may reach 100,000 of them, and
// one INSERT ... SELECT writes them without a round trip each. Those that
// have the update already are passed over, so a second call queues
// nothing; ON CONFLICT covers a concurrent publish of the same statement.
// An update has no recipient key: no limit per address counts updates,
// and the subscriber's row names the address.
func (t publishTx) QueueUpdate(ctx context.Context, statementID int64, domain string, now time.Time) (int, error) {
	res, err := t.exec(ctx, `INSERT INTO publish_mails (kind, message_id, subscriber_id, statement_id, lang, state,
		attempts, last_error, created_at, next_at)
		SELECT 'update', CAST(? AS TEXT) || CAST(s.id AS TEXT) || CAST(? AS TEXT), s.id, ?, s.lang, 'queued', 0, '', ?, ?
		FROM publish_subscribers s
		WHERE s.state = 'confirmed' AND NOT EXISTS (
			SELECT 1 FROM publish_mails m WHERE m.statement_id = ? AND m.subscriber_id = s.id)
		ORDER BY s.id
		ON CONFLICT DO NOTHING`,
		fmt.Sprintf("<update.%d.", statementID), "@"+domain+">", statementID, t.time(now), t.time(now), statementID)
	if err != nil {
		return 0, t.writeErr(err, "", "queue the updates of statement %d", statementID)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlstore: queue the updates of statement %d: %w", statementID, err)
	}
	return int(n), nil
}

// ClaimMail takes the lowest claimable mail in one statement, as the
// hotline's outbox does: a queued mail that is due, or a sending one whose
// lease ran out. On PostgreSQL each of the two walks passes over rows
// that concurrent senders hold.
func (t publishTx) ClaimMail(ctx context.Context, now, leaseUntil time.Time) (*publish.MailRow, error) {
	m, err := scanPublishMail(t.queryRowPrepared(ctx, publishClaimQuery(t.d), t.time(leaseUntil), t.time(now), t.time(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, errNoPublishMailDue)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: claim a public mail: %w", err)
	}
	return &m, nil
}

func publishClaimQuery(d Dialect) string {
	skip := d.SkipLocked()
	return `UPDATE publish_mails SET state = 'sending', attempts = attempts + 1, lease_until = ?
		WHERE id = (SELECT MIN(id) FROM (
			SELECT id FROM (SELECT id FROM publish_mails WHERE state = 'queued'
				AND next_at <= ? ORDER BY id LIMIT 1` + skip + `) due
			UNION ALL
			SELECT id FROM (SELECT id FROM publish_mails WHERE state = 'sending'
				AND lease_until < ? ORDER BY id LIMIT 1` + skip + `) abandoned) claimable)
		RETURNING ` + publishMailColumns
}

// SaveMailResult stores what came of sending a mail; a nil Sealed clears
// what the mail held sealed.
func (t publishTx) SaveMailResult(ctx context.Context, m *publish.MailRow) error {
	err := t.execOne(ctx, errNoPublishMail, `UPDATE publish_mails SET state = ?, attempts = ?, last_error = ?, next_at = ?,
		lease_until = ?, sent_at = ?, sealed = ? WHERE id = ?`,
		string(m.State), m.Attempts, m.LastError, t.time(m.NextAt), t.nullTime(m.LeaseUntil), t.nullTime(m.SentAt),
		blobArg(m.Sealed), m.ID)
	if err != nil {
		return t.writeErr(err, "", "save the result of sending mail %d", m.ID)
	}
	return nil
}

// Counts counts by state and kind in two grouped scans; no address is
// read.
func (s publishStore) Counts(ctx context.Context) (*publish.Counts, error) {
	r := s.db.reader()
	c := &publish.Counts{Subscribers: map[publish.SubscriberState]int{}, Mails: map[publish.MailKind]map[publish.MailState]int{}}
	type group struct {
		kind  publish.MailKind
		state string
		n     int
	}
	subs, err := queryAll(ctx, r, func(row rowScanner) (g group, err error) { return g, row.Scan(&g.state, &g.n) },
		`SELECT state, COUNT(*) FROM publish_subscribers GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count the subscribers: %w", err)
	}
	for _, g := range subs {
		c.Subscribers[publish.SubscriberState(g.state)] = g.n
	}
	mails, err := queryAll(ctx, r, func(row rowScanner) (g group, err error) { return g, row.Scan(&g.kind, &g.state, &g.n) },
		`SELECT kind, state, COUNT(*) FROM publish_mails GROUP BY kind, state`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count the public mails: %w", err)
	}
	for _, g := range mails {
		if c.Mails[g.kind] == nil {
			c.Mails[g.kind] = map[publish.MailState]int{}
		}
		c.Mails[g.kind][publish.MailState(g.state)] = g.n
		if g.kind == publish.SelfCheckMail {
			c.SelfChecks += g.n
		}
	}
	return c, nil
}

func (s publishStore) MailsTo(ctx context.Context, kind publish.MailKind, recipientKey []byte, since time.Time) (int, error) {
	if len(recipientKey) == 0 {
		return 0, nil // mails without a recipient key are no one's
	}
	r := s.db.reader()
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM publish_mails WHERE recipient_key = ? AND kind = ? AND created_at >= ?`,
		recipientKey, string(kind), r.time(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count the %s mails to an address: %w", kind, err)
	}
	return n, nil
}
