package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

const (
	errNoScript         = "no such script version"
	errNoApprovedScript = "no script version is approved yet"
	errScriptRace       = "another version of the script was saved at the same time; try again"
	errScriptApproved   = "another version of the script is approved; it must be superseded first"
)

const scriptColumns = `id, incident_id, version, state, contents, created_by, created_at, updated_at, approved_by,
	approved_at`

const scriptSelect = `SELECT ` + scriptColumns + ` FROM hotline_scripts`

func scanScript(row rowScanner) (s hotline.Script, err error) {
	err = row.Scan(&s.ID, &s.IncidentID, &s.Version, &s.State, scanJSON(&s.Contents), scanID(&s.CreatedBy),
		scanTime(&s.CreatedAt), scanTime(&s.UpdatedAt), scanID(&s.ApprovedBy), scanNullTime(&s.ApprovedAt))
	s.Contents = noEmpty(s.Contents)
	return s, err
}

func (c conn) script(ctx context.Context, incidentID, id int64) (*hotline.Script, error) {
	s, err := scanScript(c.queryRow(ctx, scriptSelect+` WHERE incident_id = ? AND id = ?`, incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoScript, "load script %d of incident %d", id, incidentID)
	}
	return &s, nil
}

func (c conn) approvedScript(ctx context.Context, incidentID int64) (*hotline.Script, error) {
	s, err := scanScript(c.queryRow(ctx, scriptSelect+` WHERE incident_id = ? AND state = 'approved'
		ORDER BY version DESC LIMIT 1`, incidentID))
	if err != nil {
		return nil, readErr(err, errNoApprovedScript, "load the approved script of incident %d", incidentID)
	}
	return &s, nil
}

func (s hotlineStore) Script(ctx context.Context, incidentID, id int64) (*hotline.Script, error) {
	return s.db.reader().script(ctx, incidentID, id)
}

func (t *tx) Script(ctx context.Context, incidentID, id int64) (*hotline.Script, error) {
	return t.script(ctx, incidentID, id)
}

func (s hotlineStore) ApprovedScript(ctx context.Context, incidentID int64) (*hotline.Script, error) {
	return s.db.reader().approvedScript(ctx, incidentID)
}

func (t *tx) ApprovedScript(ctx context.Context, incidentID int64) (*hotline.Script, error) {
	return t.approvedScript(ctx, incidentID)
}

func (s hotlineStore) Scripts(ctx context.Context, incidentID int64) ([]hotline.Script, error) {
	out, err := queryAll(ctx, s.db.reader(), scanScript, scriptSelect+` WHERE incident_id = ? ORDER BY version DESC`,
		incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the scripts of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// AddScript inserts a new version, numbered one above the incident's
// highest in the same statement; sets ID and Version. Two versions saved
// at once on PostgreSQL meet at the unique version: the later is a
// Conflict.
func (t *tx) AddScript(ctx context.Context, s *hotline.Script) error {
	contents, err := jsonArg(nonNil(s.Contents))
	if err != nil {
		return fmt.Errorf("sqlstore: add a script version to incident %d: %w", s.IncidentID, err)
	}
	err = t.queryRow(ctx, `INSERT INTO hotline_scripts (incident_id, version, state, contents, created_by, created_at,
		updated_at, approved_by, approved_at) VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM hotline_scripts
		WHERE incident_id = ?), ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`,
		s.IncidentID, s.IncidentID, string(s.State), contents, idArg(s.CreatedBy), t.time(s.CreatedAt),
		t.time(s.UpdatedAt), idArg(s.ApprovedBy), t.nullTime(s.ApprovedAt)).Scan(&s.ID, &s.Version)
	if err != nil {
		taken := errScriptRace
		if s.State == hotline.ScriptApproved {
			taken = errScriptApproved
		}
		return t.writeErr(err, taken, "add a script version to incident %d", s.IncidentID)
	}
	return nil
}

// UpdateScript stores State, Contents, UpdatedAt, ApprovedBy and
// ApprovedAt. A second approved version of an incident is a Conflict.
func (t *tx) UpdateScript(ctx context.Context, s *hotline.Script) error {
	contents, err := jsonArg(nonNil(s.Contents))
	if err != nil {
		return fmt.Errorf("sqlstore: change script %d: %w", s.ID, err)
	}
	err = t.execOne(ctx, errNoScript, `UPDATE hotline_scripts SET state = ?, contents = ?, updated_at = ?,
		approved_by = ?, approved_at = ? WHERE incident_id = ? AND id = ?`,
		string(s.State), contents, t.time(s.UpdatedAt), idArg(s.ApprovedBy), t.nullTime(s.ApprovedAt),
		s.IncidentID, s.ID)
	if err != nil {
		return t.writeErr(err, errScriptApproved, "change script %d", s.ID)
	}
	return nil
}
