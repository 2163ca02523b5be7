package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/incident"
)

const contactColumns = `id, incident_id, role, label, name, organization, phone, email, notes, updated_by, updated_at`

const errNoContact = "no such contact"

func scanContact(row rowScanner) (c incident.Contact, err error) {
	err = row.Scan(&c.ID, &c.IncidentID, &c.Role, &c.Label, &c.Name, &c.Organization, &c.Phone, &c.Email,
		&c.Notes, scanID(&c.UpdatedBy), scanTime(&c.UpdatedAt))
	return c, err
}

func (c conn) contacts(ctx context.Context, incidentID int64) ([]incident.Contact, error) {
	out, err := queryAll(ctx, c, scanContact, `SELECT `+contactColumns+` FROM contacts WHERE incident_id = ? ORDER BY id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list contacts of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s incidentStore) Contacts(ctx context.Context, incidentID int64) ([]incident.Contact, error) {
	return s.db.reader().contacts(ctx, incidentID)
}

func (t *tx) Contacts(ctx context.Context, incidentID int64) ([]incident.Contact, error) {
	return t.contacts(ctx, incidentID)
}

func (t *tx) ContactForUpdate(ctx context.Context, incidentID, contactID int64) (*incident.Contact, error) {
	c, err := scanContact(t.queryRow(ctx, `SELECT `+contactColumns+` FROM contacts WHERE incident_id = ? AND id = ?`+
		t.lock("contacts"), incidentID, contactID))
	if err != nil {
		return nil, readErr(err, errNoContact, "load contact %d of incident %d", contactID, incidentID)
	}
	return &c, nil
}

func (t *tx) CreateContact(ctx context.Context, c *incident.Contact) error {
	err := t.queryRow(ctx, `INSERT INTO contacts (incident_id, role, label, name, organization, phone, email,
		notes, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.IncidentID, c.Role, c.Label, c.Name, c.Organization, c.Phone, c.Email, c.Notes, idArg(c.UpdatedBy),
		t.time(c.UpdatedAt)).Scan(&c.ID)
	if err != nil {
		return t.writeErr(err, "", "create contact in incident %d", c.IncidentID)
	}
	return nil
}

// UpdateContact stores every field but ID and IncidentID.
func (t *tx) UpdateContact(ctx context.Context, c *incident.Contact) error {
	err := t.execOne(ctx, errNoContact, `UPDATE contacts SET role = ?, label = ?, name = ?, organization = ?,
		phone = ?, email = ?, notes = ?, updated_by = ?, updated_at = ? WHERE id = ? AND incident_id = ?`,
		c.Role, c.Label, c.Name, c.Organization, c.Phone, c.Email, c.Notes, idArg(c.UpdatedBy),
		t.time(c.UpdatedAt), c.ID, c.IncidentID)
	if err != nil {
		return t.writeErr(err, "", "update contact %d of incident %d", c.ID, c.IncidentID)
	}
	return nil
}
