// Package sqlstore implements the capabilities' stores (auth.Store,
// incident.Store) once, on database/sql. The SQLite and PostgreSQL packages
// open the database, run their migrations and hand in a Dialect for the few
// things the two databases spell differently, so every query exists once.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// DB is the desk's database. Reads go to the read pool; transactions go to
// the write pool (the same pool on PostgreSQL; a single connection on
// SQLite, whose one writer then never meets a locked database).
type DB struct {
	read  *sql.DB
	write *sql.DB
	d     Dialect
	// prepared holds the statements of hot loops, prepared once on the
	// write pool (see notify_prepared.go).
	prepared preparedStatements
	// readStmts are hot reads prepared once on the read pool.
	readStmts preparedStatements
}

// New returns the stores over the given pools. The pools stay owned by the
// caller, who closes them.
func New(read, write *sql.DB, d Dialect) *DB {
	return &DB{read: read, write: write, d: d}
}

// Auth returns the store of users, sessions, tokens and the audit chain.
func (db *DB) Auth() auth.Store { return authStore{db} }

// Incidents returns the store of incidents.
func (db *DB) Incidents() incident.Store { return incidentStore{db} }

// The two stores cannot be one type: both have an Update method, each with
// its own Tx. They share the DB and one transaction type.
type authStore struct{ db *DB }

type incidentStore struct{ db *DB }

var (
	_ auth.Store     = authStore{}
	_ incident.Store = incidentStore{}
	_ auth.Tx        = (*tx)(nil)
	_ incident.Tx    = (*tx)(nil)
)

func (s authStore) Update(ctx context.Context, fn func(auth.Tx) error) error {
	return s.db.update(ctx, func(t *tx) error { return fn(t) })
}

func (s incidentStore) Update(ctx context.Context, fn func(incident.Tx) error) error {
	return s.db.update(ctx, func(t *tx) error { return fn(t) })
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs the desk's queries on a pool or in a transaction. Every read is
// a method of conn, so the stores and transactions share one copy.
type conn struct {
	q querier
	d Dialect
}

func (db *DB) reader() conn { return conn{q: db.read, d: db.d} }

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, c.d.Rebind(query), args...)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.d.Rebind(query), args...)
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, c.d.Rebind(query), args...)
}

// execOne runs a statement that must change exactly one row; none is
// NotFound with the message missing.
func (c conn) execOne(ctx context.Context, missing, query string, args ...any) error {
	res, err := c.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.E(errs.NotFound, "%s", missing)
	}
	return nil
}

// time and nullTime turn times into arguments of the dialect.
func (c conn) time(t time.Time) any { return c.d.Time(t.UTC().Truncate(time.Microsecond)) }

func (c conn) nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return c.time(*t)
}

func (c conn) lock(alias string) string { return c.d.ForUpdate(alias) }

// readErr turns the error of a single-row read into NotFound with the
// message missing, or wraps it with what was being read.
func readErr(err error, missing string, what string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "%s", missing)
	}
	return fmt.Errorf("sqlstore: "+what+": %w", append(args, err)...)
}

// writeErr wraps the error of a change; a unique violation becomes Conflict
// with the message taken when taken is not "".
func (c conn) writeErr(err error, taken string, what string, args ...any) error {
	if taken != "" && c.d.IsUniqueViolation(err) {
		return errs.E(errs.Conflict, "%s", taken)
	}
	var known *errs.Error
	if errors.As(err, &known) {
		return err
	}
	return fmt.Errorf("sqlstore: "+what+": %w", append(args, err)...)
}

// tx is a transaction. It implements the Tx of every capability, so one
// transaction can change users, incidents and the audit chain together.
type tx struct {
	conn
	db *DB
}

// update runs fn in one transaction on the write pool. It rolls back when
// fn fails or panics, so nothing is half-written.
func (db *DB) update(ctx context.Context, fn func(*tx) error) (err error) {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin transaction: %w", err)
	}
	done := false
	defer func() {
		if !done {
			// fn panicked: undo, then let the panic go on.
			_ = sqlTx.Rollback()
		}
	}()
	err = fn(&tx{conn: conn{q: sqlTx, d: db.d}, db: db})
	done = true
	if err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("sqlstore: roll back: %w", rbErr))
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}
