package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

const (
	errNoMail         = "no such mail"
	errMailStored     = "the incident has this mail already"
	errNoAttachment   = "no such attachment"
	errAttachmentSeen = "the mail has an attachment at this position already"
	errNothingToSend  = "no mail to send"
)

const mailColumns = `id, incident_id, inquiry_id, direction, kind, state, message_id, in_reply_to, refs, raw_sha256,
	size, lang, sender_key, sealed, sensitive, attempts, last_error, next_at, lease_until, author_id, created_at, sent_at`

const mailSelect = `SELECT ` + mailColumns + ` FROM hotline_mails`

func scanMail(row rowScanner) (r hotline.MailRow, err error) {
	m := &r.Mail
	var raw sql.NullString
	err = row.Scan(&m.ID, &m.IncidentID, &m.InquiryID, &m.Direction, &m.Kind, &m.State, &m.MessageID, &m.InReplyTo,
		scanJSON(&m.References), &raw, &m.Size, &m.Lang, &m.SenderKey, &r.Sealed, scanJSON(&m.Sensitive), &m.Attempts,
		&m.LastError, scanTime(&m.NextAt), scanNullTime(&m.LeaseUntil), scanID(&m.AuthorID), scanTime(&m.CreatedAt),
		scanNullTime(&m.SentAt))
	m.RawSHA256 = raw.String
	m.References, m.Sensitive = noEmpty(m.References), noEmpty(m.Sensitive)
	return r, err
}

func (c conn) mail(ctx context.Context, incidentID, id int64) (*hotline.MailRow, error) {
	r, err := scanMail(c.queryRow(ctx, mailSelect+` WHERE incident_id = ? AND id = ?`, incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoMail, "load mail %d of incident %d", id, incidentID)
	}
	return &r, nil
}

func (s hotlineStore) Mail(ctx context.Context, incidentID, id int64) (*hotline.MailRow, error) {
	return s.db.reader().mail(ctx, incidentID, id)
}

func (s hotlineStore) Mails(ctx context.Context, incidentID, inquiryID int64) ([]hotline.MailRow, error) {
	out, err := queryAll(ctx, s.db.reader(), scanMail, mailSelect+` WHERE inquiry_id = ? AND incident_id = ? ORDER BY id`,
		inquiryID, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the mails of inquiry %d: %w", inquiryID, err)
	}
	return out, nil
}

func (t *tx) MailByMessageID(ctx context.Context, incidentID int64, messageID string) (*hotline.MailRow, error) {
	r, err := scanMail(t.queryRow(ctx, mailSelect+` WHERE incident_id = ? AND message_id = ?`, incidentID, messageID))
	if err != nil {
		// The Message-ID came from outside; it is not ours to repeat.
		return nil, readErr(err, errNoMail, "load a mail of incident %d by Message-ID", incidentID)
	}
	return &r, nil
}

// AddMail inserts the mail; sets ID. A Message-ID or (inbound) raw hash
// the incident has already is a Conflict, found without an error inside
// the transaction (ON CONFLICT DO NOTHING), so that PostgreSQL's
// transaction stays usable for the caller to go on.
func (t *tx) AddMail(ctx context.Context, r *hotline.MailRow) error {
	m := &r.Mail
	refs, err := listArg(m.References)
	if err != nil {
		return fmt.Errorf("sqlstore: add a mail to incident %d: %w", m.IncidentID, err)
	}
	sensitive, err := listArg(m.Sensitive)
	if err != nil {
		return fmt.Errorf("sqlstore: add a mail to incident %d: %w", m.IncidentID, err)
	}
	sealed := r.Sealed
	if sealed == nil {
		sealed = []byte{} // the column is NOT NULL
	}
	args := []any{m.IncidentID, m.InquiryID, string(m.Direction), string(m.Kind), string(m.State), m.MessageID,
		m.InReplyTo, refs, textArg(m.RawSHA256), m.Size, m.Lang, blobArg(m.SenderKey), sealed, sensitive, m.Attempts,
		m.LastError, t.time(m.NextAt), t.nullTime(m.LeaseUntil), idArg(m.AuthorID), t.time(m.CreatedAt),
		t.nullTime(m.SentAt)}
	err = t.queryRow(ctx, `INSERT INTO hotline_mails (incident_id, inquiry_id, direction, kind, state, message_id,
		in_reply_to, refs, raw_sha256, size, lang, sender_key, sealed, sensitive, attempts, last_error, next_at,
		lease_until, author_id, created_at, sent_at) VALUES (`+marks(len(args))+`)
		ON CONFLICT DO NOTHING RETURNING id`, args...).Scan(&m.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, errMailStored)
	}
	if err != nil {
		return t.writeErr(err, errMailStored, "add a mail to inquiry %d", m.InquiryID)
	}
	return nil
}

// ClaimMail takes the lowest claimable outbound mail of any incident in
// one statement, as notify's Claim does: a queued mail that is due, or a
// sending one whose lease ran out. On PostgreSQL each of the two walks
// passes over rows that concurrent senders hold.
func (t *tx) ClaimMail(ctx context.Context, now, leaseUntil time.Time) (*hotline.MailRow, error) {
	r, err := scanMail(t.queryRowPrepared(ctx, mailClaimQuery(t.d), t.time(leaseUntil), t.time(now), t.time(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, errNothingToSend)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: claim an outgoing mail: %w", err)
	}
	return &r, nil
}

func mailClaimQuery(d Dialect) string {
	skip := d.SkipLocked()
	return `UPDATE hotline_mails SET state = 'sending', attempts = attempts + 1, lease_until = ?
		WHERE id = (SELECT MIN(id) FROM (
			SELECT id FROM (SELECT id FROM hotline_mails WHERE direction = 'out' AND state = 'queued'
				AND next_at <= ? ORDER BY id LIMIT 1` + skip + `) due
			UNION ALL
			SELECT id FROM (SELECT id FROM hotline_mails WHERE direction = 'out' AND state = 'sending'
				AND lease_until < ? ORDER BY id LIMIT 1` + skip + `) abandoned) claimable)
		RETURNING ` + mailColumns
}

// SaveMailResult stores what came of sending an outbound mail.
func (t *tx) SaveMailResult(ctx context.Context, r *hotline.MailRow) error {
	m := &r.Mail
	err := t.execOne(ctx, errNoMail, `UPDATE hotline_mails SET state = ?, attempts = ?, last_error = ?, next_at = ?,
		lease_until = ?, sent_at = ? WHERE incident_id = ? AND id = ? AND direction = 'out'`,
		string(m.State), m.Attempts, m.LastError, t.time(m.NextAt), t.nullTime(m.LeaseUntil), t.nullTime(m.SentAt),
		m.IncidentID, m.ID)
	if err != nil {
		return t.writeErr(err, "", "save the result of sending mail %d", m.ID)
	}
	return nil
}

const mailAttachmentColumns = `id, incident_id, mail_id, position, content_type, size, sha256, categories`

func scanMailAttachment(row rowScanner, dest ...any) (r hotline.AttachmentRow, err error) {
	a := &r.Attachment
	err = row.Scan(append([]any{&a.ID, &a.IncidentID, &a.MailID, &a.Index, &a.ContentType, &a.Size, &a.SHA256,
		scanJSON(&a.Categories)}, dest...)...)
	a.Categories = noEmpty(a.Categories)
	return r, err
}

func (s hotlineStore) Attachments(ctx context.Context, incidentID, mailID int64) ([]hotline.AttachmentRow, error) {
	out, err := queryAll(ctx, s.db.reader(), func(row rowScanner) (hotline.AttachmentRow, error) { return scanMailAttachment(row) },
		`SELECT `+mailAttachmentColumns+` FROM hotline_attachments WHERE mail_id = ? AND incident_id = ? ORDER BY position, id`,
		mailID, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the attachments of mail %d: %w", mailID, err)
	}
	return out, nil
}

func (s hotlineStore) Attachment(ctx context.Context, incidentID, id int64) (*hotline.AttachmentRow, error) {
	var sealed []byte
	r, err := scanMailAttachment(s.db.reader().queryRow(ctx, `SELECT `+mailAttachmentColumns+`, sealed FROM hotline_attachments
		WHERE incident_id = ? AND id = ?`, incidentID, id), &sealed)
	if err != nil {
		return nil, readErr(err, errNoAttachment, "load attachment %d of incident %d", id, incidentID)
	}
	r.Sealed = sealed
	return &r, nil
}

// AddAttachment inserts the attachment with its sealed content; sets ID.
func (t *tx) AddAttachment(ctx context.Context, r *hotline.AttachmentRow) error {
	a := &r.Attachment
	cats, err := listArg(a.Categories)
	if err != nil {
		return fmt.Errorf("sqlstore: add an attachment to mail %d: %w", a.MailID, err)
	}
	sealed := r.Sealed
	if sealed == nil {
		sealed = []byte{} // the column is NOT NULL
	}
	err = t.queryRow(ctx, `INSERT INTO hotline_attachments (incident_id, mail_id, position, content_type, size, sha256,
		categories, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		a.IncidentID, a.MailID, a.Index, a.ContentType, a.Size, a.SHA256, cats, sealed).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, errAttachmentSeen)
	}
	if err != nil {
		return t.writeErr(err, errAttachmentSeen, "add an attachment to mail %d", a.MailID)
	}
	return nil
}
