package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

const errNoRuleFile = "no rule file was loaded"

// ruleFileOrder is newest first: by load time, then by the order stored.
const ruleFileOrder = ` ORDER BY loaded_at DESC, id DESC`

func (s obligationStore) ActiveRuleFile(ctx context.Context) (*obligation.RuleFile, error) {
	var f obligation.RuleFile
	err := s.db.reader().queryRow(ctx, `SELECT id, version, source, sha256, loaded_by, loaded_at FROM rule_files`+
		ruleFileOrder+` LIMIT 1`).Scan(&f.ID, &f.Version, &f.Source, &f.SHA256, scanID(&f.LoadedBy),
		scanTime(&f.LoadedAt))
	if err != nil {
		return nil, readErr(err, errNoRuleFile, "load the active rule file")
	}
	return &f, nil
}

// RuleFiles lists the loaded files, newest first, without their sources.
func (s obligationStore) RuleFiles(ctx context.Context) ([]obligation.RuleFile, error) {
	out, err := queryAll(ctx, s.db.reader(), func(row rowScanner) (f obligation.RuleFile, err error) {
		err = row.Scan(&f.ID, &f.Version, &f.SHA256, scanID(&f.LoadedBy), scanTime(&f.LoadedAt))
		return f, err
	}, `SELECT id, version, sha256, loaded_by, loaded_at FROM rule_files`+ruleFileOrder)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list rule files: %w", err)
	}
	return out, nil
}

// AddRuleFile stores f with its source and fills its ID.
func (t *tx) AddRuleFile(ctx context.Context, f *obligation.RuleFile) error {
	err := t.queryRow(ctx, `INSERT INTO rule_files (version, source, sha256, loaded_by, loaded_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		f.Version, f.Source, f.SHA256, idArg(f.LoadedBy), t.time(f.LoadedAt)).Scan(&f.ID)
	if err != nil {
		return t.writeErr(err, "", "add rule file version %q", f.Version)
	}
	return nil
}
