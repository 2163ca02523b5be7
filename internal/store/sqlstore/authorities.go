package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// The authorities table holds the directory entries an admin edited; the
// shipped directory is embedded in the obligation package.

const authorityColumns = `id, country, region, kind, name, name_de, website, portal, email, phone, address, zone,
	notes, updated_by, updated_at`

const errNoAuthority = "no such authority"

func scanAuthority(row rowScanner) (a obligation.Authority, err error) {
	err = row.Scan(&a.ID, &a.Country, &a.Region, &a.Kind, &a.Name, &a.NameDE, &a.Website, &a.Portal, &a.Email,
		&a.Phone, &a.Address, &a.Zone, &a.Notes, scanID(&a.UpdatedBy), scanTime(&a.UpdatedAt))
	return a, err
}

func (s obligationStore) Authorities(ctx context.Context) ([]obligation.Authority, error) {
	out, err := queryAll(ctx, s.db.reader(), scanAuthority, `SELECT `+authorityColumns+` FROM authorities
		ORDER BY country, region, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list authorities: %w", err)
	}
	return out, nil
}

func (s obligationStore) Authority(ctx context.Context, id string) (*obligation.Authority, error) {
	a, err := scanAuthority(s.db.reader().queryRow(ctx, `SELECT `+authorityColumns+` FROM authorities WHERE id = ?`, id))
	if err != nil {
		return nil, readErr(err, errNoAuthority, "load authority %q", id)
	}
	return &a, nil
}

// SaveAuthority inserts or replaces the authority a.ID.
func (t *tx) SaveAuthority(ctx context.Context, a *obligation.Authority) error {
	_, err := t.exec(ctx, `INSERT INTO authorities (`+authorityColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET country = excluded.country, region = excluded.region, kind = excluded.kind,
		name = excluded.name, name_de = excluded.name_de, website = excluded.website, portal = excluded.portal,
		email = excluded.email, phone = excluded.phone, address = excluded.address, zone = excluded.zone,
		notes = excluded.notes, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		a.ID, a.Country, a.Region, a.Kind, a.Name, a.NameDE, a.Website, a.Portal, a.Email, a.Phone, a.Address,
		a.Zone, a.Notes, idArg(a.UpdatedBy), t.time(a.UpdatedAt))
	if err != nil {
		return t.writeErr(err, "", "save authority %q", a.ID)
	}
	return nil
}
