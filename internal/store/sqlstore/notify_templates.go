package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/notify"
)

const templateSelect = `SELECT id, incident_id, name, contents, fallback, company, hotline, inbox, updates_url,
	letterhead, updated_by, updated_at FROM notify_templates`

const errNoTemplate = "no such template"

func scanTemplate(row rowScanner) (t notify.Template, err error) {
	err = row.Scan(&t.ID, &t.IncidentID, &t.Name, scanJSON(&t.Contents), &t.Fallback, &t.Company, &t.Hotline,
		&t.Inbox, &t.UpdatesURL, scanJSON(&t.Letterhead), scanID(&t.UpdatedBy), scanTime(&t.UpdatedAt))
	return t, err
}

func (s notifyStore) Templates(ctx context.Context, incidentID int64) ([]notify.Template, error) {
	out, err := queryAll(ctx, s.db.reader(), scanTemplate, templateSelect+` WHERE incident_id = ? ORDER BY name, id`,
		incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list templates of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (c conn) template(ctx context.Context, incidentID, id int64) (*notify.Template, error) {
	t, err := scanTemplate(c.queryRow(ctx, templateSelect+` WHERE incident_id = ? AND id = ?`, incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoTemplate, "load template %d of incident %d", id, incidentID)
	}
	return &t, nil
}

func (s notifyStore) Template(ctx context.Context, incidentID, id int64) (*notify.Template, error) {
	return s.db.reader().template(ctx, incidentID, id)
}

func (t *tx) Template(ctx context.Context, incidentID, id int64) (*notify.Template, error) {
	return t.template(ctx, incidentID, id)
}

// SaveTemplate inserts tpl when its ID is 0 and sets the ID; otherwise it
// replaces the incident's template with that ID.
func (t *tx) SaveTemplate(ctx context.Context, tpl *notify.Template) error {
	contents, err := jsonArg(nonNil(tpl.Contents))
	if err != nil {
		return err
	}
	letterhead, err := jsonArg(nonNil(tpl.Letterhead))
	if err != nil {
		return err
	}
	if tpl.ID == 0 {
		err = t.queryRow(ctx, `INSERT INTO notify_templates (incident_id, name, contents, fallback, company, hotline,
			inbox, updates_url, letterhead, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			tpl.IncidentID, tpl.Name, contents, tpl.Fallback, tpl.Company, tpl.Hotline, tpl.Inbox, tpl.UpdatesURL,
			letterhead, idArg(tpl.UpdatedBy), t.time(tpl.UpdatedAt)).Scan(&tpl.ID)
		if err != nil {
			return t.writeErr(err, "", "add template to incident %d", tpl.IncidentID)
		}
		return nil
	}
	err = t.execOne(ctx, errNoTemplate, `UPDATE notify_templates SET name = ?, contents = ?, fallback = ?, company = ?,
		hotline = ?, inbox = ?, updates_url = ?, letterhead = ?, updated_by = ?, updated_at = ?
		WHERE incident_id = ? AND id = ?`,
		tpl.Name, contents, tpl.Fallback, tpl.Company, tpl.Hotline, tpl.Inbox, tpl.UpdatesURL, letterhead,
		idArg(tpl.UpdatedBy), t.time(tpl.UpdatedAt), tpl.IncidentID, tpl.ID)
	if err != nil {
		return t.writeErr(err, "", "save template %d of incident %d", tpl.ID, tpl.IncidentID)
	}
	return nil
}

// nonNil keeps an empty list a list in JSON ([] rather than null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
