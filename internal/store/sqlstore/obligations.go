package sqlstore

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// Obligations returns the store of the regulator clock: facts, risk
// assessments, filings, waivers, drafts, authorities, rule files and due
// states.
func (db *DB) Obligations() obligation.Store { return obligationStore{db} }

type obligationStore struct{ db *DB }

var (
	_ obligation.Store = obligationStore{}
	_ obligation.Tx    = (*tx)(nil)
)

func (s obligationStore) Update(ctx context.Context, fn func(obligation.Tx) error) error {
	return s.db.update(ctx, func(t *tx) error { return fn(t) })
}

// userName is the desk's name of the user joined as u: the name, or the
// e-mail address when the name is empty; "" when there is no such user.
const userName = `COALESCE(NULLIF(u.name, ''), u.email, '')`
