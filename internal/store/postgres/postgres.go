// Package postgres keeps the desk in PostgreSQL, for a team that shares one
// desk. It connects with pgx through its database/sql driver, so the
// queries are sqlstore's, the same as on SQLite; this package opens,
// migrates and closes.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/store/sqlstore"
)

// Pool limits. PostgreSQL serves each connection with a process, so the
// pool stays modest; a desk has tens of users, not thousands.
const (
	maxConns        = 20
	maxIdleConns    = 5
	maxConnIdleTime = 5 * time.Minute
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the schema migrations, for tests that compare them
// with SQLite's.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the directory is embedded above; this cannot fail
	}
	return sub
}

// DB is an open PostgreSQL desk database.
type DB struct {
	*sqlstore.DB
	pool       *sql.DB
	migrations *goose.Provider
}

// Open connects to the database at url. With migrate it brings the schema
// up to date; without, it refuses a schema that is behind, as the program
// would fail on it later in stranger ways.
func Open(ctx context.Context, url string, migrate bool) (*DB, error) {
	pool, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	db := &DB{pool: pool, DB: sqlstore.New(pool, pool, dialect{})}
	if db.migrations, err = newProvider(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	if err := db.checkSchema(ctx, migrate); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Migrate brings the schema of the database at url up to date. Several
// processes may run it at once: an advisory lock lets one migrate while
// the others wait.
func Migrate(ctx context.Context, url string) error {
	db, err := Open(ctx, url, true)
	if err != nil {
		return err
	}
	return db.Close()
}

func connect(ctx context.Context, url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx leaves the password out of its message.
		return nil, fmt.Errorf("postgres: %w", err)
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(maxConns)
	pool.SetMaxIdleConns(maxIdleConns)
	pool.SetConnMaxIdleTime(maxConnIdleTime)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	return pool, nil
}

// newProvider prepares the migrations of the schema the connection uses.
// Its lock is per schema, so desks (or tests) in different schemas of one
// database do not wait for each other.
func newProvider(ctx context.Context, pool *sql.DB) (*goose.Provider, error) {
	var schema string
	if err := pool.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("postgres: read current schema: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("breachdesk migrations " + schema))
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 600))
	if err != nil {
		return nil, fmt.Errorf("postgres: migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, pool, Migrations(),
		goose.WithDisableGlobalRegistry(true), goose.WithSessionLocker(locker))
	if err != nil {
		return nil, fmt.Errorf("postgres: load migrations: %w", err)
	}
	return p, nil
}

func (db *DB) checkSchema(ctx context.Context, migrate bool) error {
	current, target, err := db.migrations.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("postgres: read schema version: %w", err)
	}
	switch {
	case current > target:
		return fmt.Errorf("postgres: the database has schema version %d, newer than this program knows (%d); use a newer breachdesk", current, target)
	case current == target:
		return nil
	case !migrate:
		return fmt.Errorf("postgres: the database schema is at version %d, this program needs %d; "+
			"run \"breachdesk migrate --db URL\" or start with --migrate", current, target)
	}
	if _, err := db.migrations.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// SchemaVersion returns the version of the newest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	v, err := db.migrations.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: read schema version: %w", err)
	}
	return v, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.PingContext(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Close closes the pool.
func (db *DB) Close() error { return db.pool.Close() }

// Backup is not done by the desk on PostgreSQL: pg_dump does it better,
// and the server's own backups (base backups, WAL archiving) may exist.
func (db *DB) Backup(context.Context, string) error {
	return errs.E(errs.Invalid, "the desk is on PostgreSQL: back it up with pg_dump (for example pg_dump --format=custom --file=breachdesk.dump DATABASE)")
}
