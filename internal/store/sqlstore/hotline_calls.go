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
	errNoCall    = "no such call"
	errCallTaken = "the incident has this call already"
)

const callColumns = `id, incident_id, call_id, direction, state, from_key, sealed, person_id, inquiry_id, started_at,
	answered_at, ended_at, cause`

const callSelect = `SELECT ` + callColumns + ` FROM hotline_calls`

func scanCall(row rowScanner) (r hotline.CallRow, err error) {
	c := &r.Call
	err = row.Scan(&c.ID, &c.IncidentID, &c.CallID, &c.Direction, &c.State, &c.FromKey, &r.Sealed, &c.PersonID,
		&c.InquiryID, scanTime(&c.StartedAt), scanNullTime(&c.AnsweredAt), scanNullTime(&c.EndedAt), &c.Cause)
	return r, err
}

func (c conn) call(ctx context.Context, incidentID int64, callID string) (*hotline.CallRow, error) {
	r, err := scanCall(c.queryRow(ctx, callSelect+` WHERE incident_id = ? AND call_id = ?`, incidentID, callID))
	if err != nil {
		// The call ID came from the phone system; it is not repeated.
		return nil, readErr(err, errNoCall, "load a call of incident %d", incidentID)
	}
	return &r, nil
}

func (s hotlineStore) Call(ctx context.Context, incidentID int64, callID string) (*hotline.CallRow, error) {
	return s.db.reader().call(ctx, incidentID, callID)
}

func (t *tx) Call(ctx context.Context, incidentID int64, callID string) (*hotline.CallRow, error) {
	return t.call(ctx, incidentID, callID)
}

func (s hotlineStore) Calls(ctx context.Context, incidentID int64, since time.Time) ([]hotline.CallRow, error) {
	r := s.db.reader()
	out, err := queryAll(ctx, r, scanCall, callSelect+` WHERE incident_id = ? AND started_at >= ?
		ORDER BY started_at DESC, id DESC`, incidentID, r.time(since))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the calls of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// SaveCall inserts a new call (ID 0) or changes a stored one. A call ID
// the incident has already is a Conflict, found without an error inside
// the transaction, so that the caller may load and change that call.
func (t *tx) SaveCall(ctx context.Context, r *hotline.CallRow) error {
	c := &r.Call
	sealed := r.Sealed
	if sealed == nil {
		sealed = []byte{} // the column is NOT NULL
	}
	if c.ID == 0 {
		err := t.queryRow(ctx, `INSERT INTO hotline_calls (incident_id, call_id, direction, state, from_key, sealed,
			person_id, inquiry_id, started_at, answered_at, ended_at, cause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING RETURNING id`,
			c.IncidentID, c.CallID, c.Direction, string(c.State), blobArg(c.FromKey), sealed, c.PersonID, c.InquiryID,
			t.time(c.StartedAt), t.nullTime(c.AnsweredAt), t.nullTime(c.EndedAt), c.Cause).Scan(&c.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.Conflict, errCallTaken)
		}
		if err != nil {
			return t.writeErr(err, errCallTaken, "add a call to incident %d", c.IncidentID)
		}
		return nil
	}
	err := t.execOne(ctx, errNoCall, `UPDATE hotline_calls SET call_id = ?, direction = ?, state = ?, from_key = ?,
		sealed = ?, person_id = ?, inquiry_id = ?, started_at = ?, answered_at = ?, ended_at = ?, cause = ?
		WHERE incident_id = ? AND id = ?`,
		c.CallID, c.Direction, string(c.State), blobArg(c.FromKey), sealed, c.PersonID, c.InquiryID,
		t.time(c.StartedAt), t.nullTime(c.AnsweredAt), t.nullTime(c.EndedAt), c.Cause, c.IncidentID, c.ID)
	if err != nil {
		return t.writeErr(err, errCallTaken, "change call %d", c.ID)
	}
	return nil
}
