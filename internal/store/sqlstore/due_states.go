package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

func scanDueState(row rowScanner) (s obligation.DueState, err error) {
	err = row.Scan(&s.IncidentID, &s.Rule, &s.Applies, scanNullTime(&s.DueAt), &s.Status)
	return s, err
}

// dueStates lists the states of the incidents ids, of all incidents when
// ids is empty.
func (c conn) dueStates(ctx context.Context, ids []int64) ([]obligation.DueState, error) {
	q := `SELECT incident_id, rule, applies, due_at, status FROM obligation_due_states`
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	if len(ids) > 0 {
		q += ` WHERE incident_id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + `)`
	}
	out, err := queryAll(ctx, c, scanDueState, q+` ORDER BY incident_id, rule`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list due states of %d incidents: %w", len(ids), err)
	}
	return out, nil
}

func (s obligationStore) DueStates(ctx context.Context, ids []int64) ([]obligation.DueState, error) {
	return s.db.reader().dueStates(ctx, ids)
}

func (t *tx) DueStates(ctx context.Context, ids []int64) ([]obligation.DueState, error) {
	return t.dueStates(ctx, ids)
}

// ReplaceDueStates deletes the incident's states and stores states in
// their place. A state of another incident is a bug of the caller and
// stores nothing.
func (t *tx) ReplaceDueStates(ctx context.Context, incidentID int64, states []obligation.DueState) error {
	for _, s := range states {
		if s.IncidentID != incidentID {
			return fmt.Errorf("sqlstore: replace due states of incident %d with a state of incident %d",
				incidentID, s.IncidentID)
		}
	}
	if _, err := t.exec(ctx, `DELETE FROM obligation_due_states WHERE incident_id = ?`, incidentID); err != nil {
		return fmt.Errorf("sqlstore: delete due states of incident %d: %w", incidentID, err)
	}
	for _, s := range states {
		_, err := t.exec(ctx, `INSERT INTO obligation_due_states (incident_id, rule, applies, due_at, status)
			VALUES (?, ?, ?, ?, ?)`, incidentID, s.Rule, t.d.Bool(s.Applies), t.nullTime(s.DueAt), string(s.Status))
		if err != nil {
			return t.writeErr(err, "", "store due state of rule %q of incident %d", s.Rule, incidentID)
		}
	}
	return nil
}
