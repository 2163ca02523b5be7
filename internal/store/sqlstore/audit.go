package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
)

const auditColumns = `seq, at, actor_id, actor, via, addr, action, object_type, object_id, incident_id,
	detail, prev_hash, hash`

func scanAudit(row rowScanner) (e auth.AuditEntry, err error) {
	err = row.Scan(&e.Seq, scanTime(&e.At), &e.ActorID, &e.Actor, &e.Via, &e.Addr, &e.Action, &e.ObjectType,
		&e.ObjectID, &e.IncidentID, &e.Detail, &e.PrevHash, &e.Hash)
	return e, err
}

// AppendAudit links e after the newest entry and stores it. The dialect's
// audit lock (PostgreSQL) or the single writer (SQLite) keeps two
// transactions from linking to the same entry.
func (t *tx) AppendAudit(ctx context.Context, e auth.AuditEntry) error {
	if lock := t.d.AuditLock(); lock != "" {
		if _, err := t.exec(ctx, lock); err != nil {
			return fmt.Errorf("sqlstore: lock audit chain: %w", err)
		}
	}
	prevSeq, prevHash := int64(0), auth.GenesisHash
	err := t.queryRow(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&prevSeq, &prevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlstore: read newest audit entry: %w", err)
	}
	// The hash covers the time as stored; finer digits would not come back.
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Seal(prevSeq, prevHash)
	_, err = t.exec(ctx, `INSERT INTO audit_log (`+auditColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, t.time(e.At), e.ActorID, e.Actor, string(e.Via), e.Addr, e.Action, e.ObjectType, e.ObjectID,
		e.IncidentID, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("sqlstore: append audit entry %d: %w", e.Seq, err)
	}
	return nil
}

// AuditEntries returns the entries matching f, newest first. A Limit of 0
// or less returns a page of auth.MaxAuditPage.
func (s authStore) AuditEntries(ctx context.Context, f auth.AuditFilter) ([]auth.AuditEntry, error) {
	c := s.db.reader()
	where, args := auditWhere(c, f)
	limit := f.Limit
	if limit <= 0 {
		limit = auth.MaxAuditPage
	}
	q := `SELECT ` + auditColumns + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY seq DESC LIMIT ?`
	out, err := queryAll(ctx, c, scanAudit, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list audit entries: %w", err)
	}
	return out, nil
}

// auditWhere turns f into conditions. From is inclusive, To exclusive.
func auditWhere(c conn, f auth.AuditFilter) (where []string, args []any) {
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if f.ActorID != 0 {
		add(`actor_id = ?`, f.ActorID)
	}
	if f.Action != "" {
		// A prefix compared as such, not with LIKE: it is case-sensitive
		// in both databases and needs no escaping of _ in action names.
		add(`substr(action, 1, ?) = ?`, utf8.RuneCountInString(f.Action), f.Action)
	}
	if f.IncidentID != 0 {
		add(`incident_id = ?`, f.IncidentID)
	}
	if !f.From.IsZero() {
		add(`at >= ?`, c.time(f.From))
	}
	if !f.To.IsZero() {
		add(`at < ?`, c.time(f.To))
	}
	if f.BeforeSeq != 0 {
		add(`seq < ?`, f.BeforeSeq)
	}
	return where, args
}

// WalkAudit streams the chain in Seq order; memory does not grow with it.
// The error of fn is returned as it is.
func (s authStore) WalkAudit(ctx context.Context, fn func(auth.AuditEntry) error) error {
	rows, err := s.db.reader().query(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("sqlstore: walk audit chain: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return fmt.Errorf("sqlstore: walk audit chain: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: walk audit chain: %w", err)
	}
	return nil
}
