package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// Hotline returns the store of the hotline: inquiries, their mails and
// attachments, the outbox, phone calls, scripts and settings. What could
// name a person reaches it sealed; nothing here can read it, and no error
// below quotes a sealed value, a blind index, a Message-ID or a hash.
func (db *DB) Hotline() hotline.Store { return hotlineStore{db} }

type hotlineStore struct{ db *DB }

var (
	_ hotline.Store = hotlineStore{}
	_ hotline.Tx    = (*tx)(nil)
)

// Update runs fn in a transaction. The outbox's claim is prepared first,
// outside it, as notify's is.
func (s hotlineStore) Update(ctx context.Context, fn func(hotline.Tx) error) error {
	s.db.prepare(ctx, mailClaimQuery(s.db.d))
	return s.db.update(ctx, func(t *tx) error { return fn(t) })
}

const (
	errNoHotlineSettings = "the hotline of this incident has no settings"
	errNoCTIToken        = "no incident has this phone system token"
	errCTITokenTaken     = "another incident has this phone system token"
)

// blobArg is the argument for an optional key or hash: empty is NULL, so
// that unique indexes pass over it.
func blobArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// textArg is the argument for an optional text that is NULL when empty.
func textArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// listArg encodes a list for a JSON text column; nil is [].
func listArg(v []string) (string, error) { return jsonArg(nonNil(v)) }

// noEmpty turns an empty list read back into nil, so that a list
// survives a round trip whether it was written as nil or empty.
func noEmpty[T any](v []T) []T {
	if len(v) == 0 {
		return nil
	}
	return v
}

func (c conn) hotlineSettings(ctx context.Context, incidentID int64) ([]byte, error) {
	var sealed []byte
	err := c.queryRow(ctx, `SELECT sealed FROM hotline_settings WHERE incident_id = ?`, incidentID).Scan(&sealed)
	if err != nil {
		return nil, readErr(err, errNoHotlineSettings, "load the hotline settings of incident %d", incidentID)
	}
	return sealed, nil
}

func (s hotlineStore) Settings(ctx context.Context, incidentID int64) ([]byte, error) {
	return s.db.reader().hotlineSettings(ctx, incidentID)
}

func (s hotlineStore) IncidentByCTIToken(ctx context.Context, hash []byte) (int64, error) {
	if len(hash) == 0 {
		return 0, errs.E(errs.NotFound, errNoCTIToken)
	}
	var id int64
	err := s.db.reader().queryRow(ctx, `SELECT incident_id FROM hotline_settings WHERE cti_token_hash = ?`, hash).Scan(&id)
	if err != nil {
		return 0, readErr(err, errNoCTIToken, "find the incident of a phone system token")
	}
	return id, nil
}

func (s hotlineStore) InboxCursor(ctx context.Context, incidentID int64) (string, error) {
	var cursor string
	err := s.db.reader().queryRow(ctx, `SELECT cursor FROM hotline_inbox_cursors WHERE incident_id = ?`, incidentID).Scan(&cursor)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlstore: load the inbox cursor of incident %d: %w", incidentID, err)
	}
	return cursor, nil
}

func (s hotlineStore) InboxIncidents(ctx context.Context) ([]int64, error) {
	r := s.db.reader()
	out, err := queryAll(ctx, r, func(row rowScanner) (id int64, err error) { return id, row.Scan(&id) },
		`SELECT incident_id FROM hotline_settings WHERE has_inbox = ? ORDER BY incident_id`, r.d.Bool(true))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the incidents with an inbox: %w", err)
	}
	return out, nil
}

// SaveSettings inserts or replaces the settings; a nil token hash keeps
// the stored one.
func (t *tx) SaveSettings(ctx context.Context, incidentID int64, sealed []byte, hasInbox bool, ctiTokenHash []byte) error {
	if sealed == nil {
		sealed = []byte{} // the column is NOT NULL
	}
	_, err := t.exec(ctx, `INSERT INTO hotline_settings (incident_id, sealed, has_inbox, cti_token_hash) VALUES (?, ?, ?, ?)
		ON CONFLICT (incident_id) DO UPDATE SET sealed = excluded.sealed, has_inbox = excluded.has_inbox,
		cti_token_hash = COALESCE(excluded.cti_token_hash, hotline_settings.cti_token_hash)`,
		incidentID, sealed, t.d.Bool(hasInbox), blobArg(ctiTokenHash))
	if err != nil {
		return t.writeErr(err, errCTITokenTaken, "save the hotline settings of incident %d", incidentID)
	}
	return nil
}

func (t *tx) SetInboxCursor(ctx context.Context, incidentID int64, cursor string) error {
	_, err := t.exec(ctx, `INSERT INTO hotline_inbox_cursors (incident_id, cursor) VALUES (?, ?)
		ON CONFLICT (incident_id) DO UPDATE SET cursor = excluded.cursor`, incidentID, cursor)
	if err != nil {
		return t.writeErr(err, "", "save the inbox cursor of incident %d", incidentID)
	}
	return nil
}
