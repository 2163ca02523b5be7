package sqlstore

// PLACEHOLDER from h5-cli until h5-people and h5-ledger are merged; delete
// on merge.

import (
	"github.com/breachdesk/breachdesk/internal/people"
)

func (db *DB) People() people.Store { return nil }
