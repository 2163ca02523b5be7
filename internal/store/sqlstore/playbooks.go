package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// Only the YAML source of an imported playbook is kept, with what the desk
// needs to know without parsing it; the parsed form is rebuilt on read, so
// a stored playbook means what the source says.

const playbookColumns = `name, version, source, imported_by, imported_at`

func scanPlaybook(row rowScanner) (incident.Playbook, error) {
	var (
		name, source string
		version      int
		by           int64
		at           time.Time
	)
	if err := row.Scan(&name, &version, &source, scanID(&by), scanTime(&at)); err != nil {
		return incident.Playbook{}, err
	}
	p, err := incident.ParsePlaybook([]byte(source))
	if err != nil {
		return incident.Playbook{}, fmt.Errorf("stored playbook %q (version %d) does not parse: %w", name, version, err)
	}
	p.ImportedBy, p.ImportedAt = by, at
	return *p, nil
}

func (s incidentStore) Playbooks(ctx context.Context) ([]incident.Playbook, error) {
	out, err := queryAll(ctx, s.db.reader(), scanPlaybook, `SELECT `+playbookColumns+` FROM playbooks ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list playbooks: %w", err)
	}
	return out, nil
}

func (s incidentStore) Playbook(ctx context.Context, name string) (*incident.Playbook, error) {
	p, err := scanPlaybook(s.db.reader().queryRow(ctx, `SELECT `+playbookColumns+` FROM playbooks WHERE name = ?`, name))
	if err != nil {
		return nil, readErr(err, "no such playbook", "load playbook %q", name)
	}
	return &p, nil
}

// SavePlaybook inserts p or replaces the imported playbook of its name.
func (t *tx) SavePlaybook(ctx context.Context, p *incident.Playbook) error {
	_, err := t.exec(ctx, `INSERT INTO playbooks (`+playbookColumns+`) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET version = excluded.version, source = excluded.source,
		imported_by = excluded.imported_by, imported_at = excluded.imported_at`,
		p.Name, p.Version, p.Source, idArg(p.ImportedBy), t.time(p.ImportedAt))
	if err != nil {
		return t.writeErr(err, "", "save playbook %q", p.Name)
	}
	return nil
}

func (t *tx) RecordPlaybookApplied(ctx context.Context, incidentID int64, name string, version int, by int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO incident_playbooks (incident_id, name, version, applied_by, applied_at)
		VALUES (?, ?, ?, ?, ?)`, incidentID, name, version, idArg(by), t.time(at))
	if err != nil {
		return t.writeErr(err, "the playbook was already applied to the incident",
			"record playbook %q applied to incident %d", name, incidentID)
	}
	return nil
}

// AppliedPlaybooks lists the names in the order they were applied.
func (s incidentStore) AppliedPlaybooks(ctx context.Context, incidentID int64) ([]string, error) {
	out, err := queryAll(ctx, s.db.reader(), func(row rowScanner) (name string, err error) {
		err = row.Scan(&name)
		return name, err
	}, `SELECT name FROM incident_playbooks WHERE incident_id = ? ORDER BY applied_at, name`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list playbooks applied to incident %d: %w", incidentID, err)
	}
	return out, nil
}
