package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/people"
)

// The register's imports, segments and key check.

const importColumns = `id, incident_id, kind, name, sha256, lines, created, updated, unchanged, problems, by_user_id, at`

func scanImport(row rowScanner) (im people.Import, err error) {
	err = row.Scan(&im.ID, &im.IncidentID, &im.Kind, &im.Name, &im.SHA256, &im.Lines, &im.Created, &im.Updated,
		&im.Unchanged, &im.Problems, scanID(&im.ByUserID), scanTime(&im.At))
	return im, err
}

// Imports lists the incident's imports, newest first.
func (s peopleStore) Imports(ctx context.Context, incidentID int64) ([]people.Import, error) {
	out, err := queryAll(ctx, s.db.reader(), scanImport, `SELECT `+importColumns+` FROM people_imports
		WHERE incident_id = ? ORDER BY at DESC, id DESC`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list imports of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (t *tx) AddImport(ctx context.Context, im *people.Import) error {
	err := t.queryRow(ctx, `INSERT INTO people_imports (incident_id, kind, name, sha256, lines, created, updated,
		unchanged, problems, by_user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		im.IncidentID, im.Kind, im.Name, im.SHA256, im.Lines, im.Created, im.Updated, im.Unchanged, im.Problems,
		idArg(im.ByUserID), t.time(im.At)).Scan(&im.ID)
	if err != nil {
		return t.writeErr(err, "", "add import to incident %d", im.IncidentID)
	}
	return nil
}

const segmentColumns = `id, incident_id, name, rules, created_by, created_at, updated_at`

func scanSegment(row rowScanner) (s people.Segment, err error) {
	var rules string
	err = row.Scan(&s.ID, &s.IncidentID, &s.Name, &rules, scanID(&s.CreatedBy), scanTime(&s.CreatedAt), scanTime(&s.UpdatedAt))
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(rules), &s.Rules); err != nil {
		return s, fmt.Errorf("rules of segment %d do not decode", s.ID)
	}
	return s, nil
}

// Segments lists the incident's segments by name, then ID.
func (s peopleStore) Segments(ctx context.Context, incidentID int64) ([]people.Segment, error) {
	out, err := queryAll(ctx, s.db.reader(), scanSegment, `SELECT `+segmentColumns+` FROM people_segments
		WHERE incident_id = ? ORDER BY name, id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list segments of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s peopleStore) Segment(ctx context.Context, incidentID, id int64) (*people.Segment, error) {
	seg, err := scanSegment(s.db.reader().queryRow(ctx, `SELECT `+segmentColumns+` FROM people_segments
		WHERE incident_id = ? AND id = ?`, incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoSegment, "load segment %d of incident %d", id, incidentID)
	}
	return &seg, nil
}

const errSegmentTaken = "a segment of that name exists already"

// SaveSegment inserts a segment with ID 0, or changes its name and rules.
func (t *tx) SaveSegment(ctx context.Context, s *people.Segment) error {
	rules, err := json.Marshal(&s.Rules)
	if err != nil {
		return fmt.Errorf("sqlstore: encode rules of segment %d: %w", s.ID, err)
	}
	if s.ID == 0 {
		err = t.queryRow(ctx, `INSERT INTO people_segments (incident_id, name, rules, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, s.IncidentID, s.Name, string(rules), idArg(s.CreatedBy),
			t.time(s.CreatedAt), t.time(s.UpdatedAt)).Scan(&s.ID)
		if err != nil {
			return t.writeErr(err, errSegmentTaken, "add segment to incident %d", s.IncidentID)
		}
		return nil
	}
	err = t.execOne(ctx, errNoSegment, `UPDATE people_segments SET name = ?, rules = ?, updated_at = ?
		WHERE incident_id = ? AND id = ?`, s.Name, string(rules), t.time(s.UpdatedAt), s.IncidentID, s.ID)
	if err != nil {
		return t.writeErr(err, errSegmentTaken, "change segment %d", s.ID)
	}
	// The caller's copy shows what is stored: the creation is not changed.
	return t.queryRow(ctx, `SELECT created_by, created_at FROM people_segments WHERE id = ?`, s.ID).
		Scan(scanID(&s.CreatedBy), scanTime(&s.CreatedAt))
}

func (t *tx) DeleteSegment(ctx context.Context, incidentID, id int64) error {
	err := t.execOne(ctx, errNoSegment, `DELETE FROM people_segments WHERE incident_id = ? AND id = ?`, incidentID, id)
	if err != nil {
		return t.writeErr(err, "", "delete segment %d", id)
	}
	return nil
}

const errNoKeyCheck = "the register's key was never recorded"

// KeyCheck returns the stored key check value.
func (s peopleStore) KeyCheck(ctx context.Context) ([]byte, error) {
	var check []byte
	err := s.db.reader().queryRow(ctx, `SELECT check_hmac FROM people_keycheck WHERE id = 1`).Scan(&check)
	if err != nil {
		return nil, readErr(err, errNoKeyCheck, "load the register's key check")
	}
	return check, nil
}

// SetKeyCheck stores the key check value once.
func (t *tx) SetKeyCheck(ctx context.Context, check []byte) error {
	_, err := t.exec(ctx, `INSERT INTO people_keycheck (id, check_hmac, created_at) VALUES (1, ?, ?)`, check, t.time(time.Now()))
	if err != nil {
		return t.writeErr(err, "the register's key was recorded already", "record the register's key check")
	}
	return nil
}
