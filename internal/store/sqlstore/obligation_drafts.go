package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// draftSelect reads drafts with the name of who saved them last.
const draftSelect = `SELECT d.incident_id, d.rule, d.lang, d.body, d.updated_by, ` + userName + `, d.updated_at
	FROM obligation_drafts d LEFT JOIN users u ON u.id = d.updated_by`

const errNoDraft = "no such draft"

func scanDraft(row rowScanner) (d obligation.Draft, err error) {
	err = row.Scan(&d.IncidentID, &d.Rule, &d.Lang, &d.Body, scanID(&d.UpdatedBy), &d.UpdatedByName,
		scanTime(&d.UpdatedAt))
	return d, err
}

func (s obligationStore) Drafts(ctx context.Context, incidentID int64) ([]obligation.Draft, error) {
	out, err := queryAll(ctx, s.db.reader(), scanDraft, draftSelect+` WHERE d.incident_id = ?
		ORDER BY d.rule, d.lang`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list drafts of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s obligationStore) Draft(ctx context.Context, incidentID int64, rule, lang string) (*obligation.Draft, error) {
	d, err := scanDraft(s.db.reader().queryRow(ctx, draftSelect+` WHERE d.incident_id = ? AND d.rule = ? AND d.lang = ?`,
		incidentID, rule, lang))
	if err != nil {
		return nil, readErr(err, errNoDraft, "load draft of rule %q (%q) of incident %d", rule, lang, incidentID)
	}
	return &d, nil
}

// SaveDraft inserts or replaces the draft of (incident, rule, lang) and
// fills, as a read would, UpdatedByName.
func (t *tx) SaveDraft(ctx context.Context, d *obligation.Draft) error {
	_, err := t.exec(ctx, `INSERT INTO obligation_drafts (incident_id, rule, lang, body, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id, rule, lang) DO UPDATE SET body = excluded.body,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		d.IncidentID, d.Rule, d.Lang, d.Body, idArg(d.UpdatedBy), t.time(d.UpdatedAt))
	if err != nil {
		return t.writeErr(err, "", "save draft of rule %q (%q) of incident %d", d.Rule, d.Lang, d.IncidentID)
	}
	d.UpdatedByName, err = t.displayName(ctx, d.UpdatedBy)
	return err
}
