package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// pwnedChunk is how many hashes one INSERT writes: four arguments each,
// well below both databases' limit on arguments.
const pwnedChunk = 500

func scanPwned(row rowScanner) (p publish.PwnedRow, err error) {
	return p, row.Scan(&p.Prefix, &p.Suffix, &p.Count)
}

func (s publishStore) PwnedRange(ctx context.Context, incidentID int64, prefix string) ([]publish.PwnedRow, error) {
	out, err := queryAll(ctx, s.db.reader(), scanPwned, `SELECT prefix, suffix, count FROM publish_pwned
		WHERE incident_id = ? AND prefix = ? ORDER BY suffix`, incidentID, prefix)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list a range of leaked password hashes of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s publishStore) Pwned(ctx context.Context, incidentID int64) ([]publish.PwnedRow, error) {
	out, err := queryAll(ctx, s.db.reader(), scanPwned, `SELECT prefix, suffix, count FROM publish_pwned
		WHERE incident_id = ? ORDER BY prefix, suffix`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the leaked password hashes of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s publishStore) PwnedCount(ctx context.Context, incidentID int64) (int, error) {
	var n int
	err := s.db.reader().queryRow(ctx, `SELECT COUNT(*) FROM publish_pwned WHERE incident_id = ?`, incidentID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count the leaked password hashes of incident %d: %w", incidentID, err)
	}
	return n, nil
}

// ReplacePwned deletes the incident's hashes and writes rows in chunks. A
// hash listed twice is stored once with the counts added up: a leak
// file may well repeat a line.
func (t publishTx) ReplacePwned(ctx context.Context, incidentID int64, rows []publish.PwnedRow) error {
	if _, err := t.exec(ctx, `DELETE FROM publish_pwned WHERE incident_id = ?`, incidentID); err != nil {
		return fmt.Errorf("sqlstore: clear the leaked password hashes of incident %d: %w", incidentID, err)
	}
	rows = mergePwned(rows)
	for len(rows) > 0 {
		n := min(len(rows), pwnedChunk)
		args := make([]any, 0, 4*n)
		for _, r := range rows[:n] {
			args = append(args, incidentID, r.Prefix, r.Suffix, r.Count)
		}
		q := `INSERT INTO publish_pwned (incident_id, prefix, suffix, count) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ")
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("sqlstore: store the leaked password hashes of incident %d: %w", incidentID, err)
		}
		rows = rows[n:]
	}
	return nil
}

// mergePwned returns rows with each (prefix, suffix) once, its counts
// summed, in the order of first appearance.
func mergePwned(rows []publish.PwnedRow) []publish.PwnedRow {
	at := make(map[[2]string]int, len(rows))
	out := make([]publish.PwnedRow, 0, len(rows))
	for _, r := range rows {
		k := [2]string{r.Prefix, r.Suffix}
		if i, ok := at[k]; ok {
			out[i].Count += r.Count
			continue
		}
		at[k] = len(out)
		out = append(out, r)
	}
	return out
}
