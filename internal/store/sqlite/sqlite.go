// Package sqlite keeps the desk in an embedded SQLite database, the default:
// one file in the data directory, a pure-Go driver (no C toolchain), one
// writer connection and a pool of readers. The queries themselves live in
// sqlstore; this package opens, migrates, backs up and closes.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/store/sqlstore"
)

// FileName is the database file inside the data directory.
const FileName = "breachdesk.db"

// readers is the size of the read pool. Reads in WAL mode never wait for
// the writer, so a few connections serve many concurrent pages.
const readers = 8

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the schema migrations, for tests that compare them
// with PostgreSQL's.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the directory is embedded above; this cannot fail
	}
	return sub
}

// DB is an open SQLite desk database.
type DB struct {
	*sqlstore.DB
	path       string
	write      *sql.DB
	read       *sql.DB
	migrations *goose.Provider
}

// Open opens the database in dir, creating the directory (0700) and the
// file (0600) when missing, and brings the schema up to date.
func Open(ctx context.Context, dir string) (*DB, error) {
	path, err := prepareFile(dir)
	if err != nil {
		return nil, err
	}
	db := &DB{path: path}
	// The writer comes first: it switches the file to WAL before any reader
	// opens it, and it migrates.
	db.write = openPool(path, true)
	if err := db.migrate(ctx); err != nil {
		db.write.Close()
		return nil, err
	}
	db.read = openPool(path, false)
	if err := db.read.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open readers: %w", err)
	}
	db.DB = sqlstore.New(db.read, db.write, dialect{})
	return db, nil
}

// prepareFile makes sure dir and the database file exist with modes that
// keep other users of the machine out: the file holds evidence and
// personal data. SQLite gives its -wal and -shm files the file's mode.
func prepareFile(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("sqlite: create data directory: %w", err)
	}
	path, err := filepath.Abs(filepath.Join(dir, FileName))
	if err != nil {
		return "", fmt.Errorf("sqlite: database path: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("sqlite: create database file: %w", err)
		}
	case !errors.Is(err, fs.ErrExist):
		return "", fmt.Errorf("sqlite: create database file: %w", err)
	}
	return path, nil
}

func (db *DB) migrate(ctx context.Context) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db.write, Migrations(), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("sqlite: load migrations: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: read schema version: %w", err)
	}
	if current > target {
		return fmt.Errorf("sqlite: the database has schema version %d, newer than this program knows (%d); use a newer breachdesk", current, target)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	db.migrations = p
	return nil
}

// SchemaVersion returns the version of the newest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	v, err := db.migrations.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("sqlite: read schema version: %w", err)
	}
	return v, nil
}

// Path returns the database file.
func (db *DB) Path() string { return db.path }

// Ping checks that both pools can reach the database.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping writer: %w", err)
	}
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping readers: %w", err)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var errR error
	if db.read != nil {
		errR = db.read.Close()
	}
	return errors.Join(errR, db.write.Close())
}

// Backup writes a consistent copy of the database to dest while the desk
// keeps serving: VACUUM INTO reads one snapshot, on a connection of its own
// so that writers are not held up. dest must not exist; it gets mode 0600.
func (db *DB) Backup(ctx context.Context, dest string) error {
	f, err := os.OpenFile(dest, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return errs.E(errs.Conflict, "the backup file exists already; choose a new name")
	}
	if err != nil {
		return fmt.Errorf("sqlite: create backup file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlite: create backup file: %w", err)
	}
	// VACUUM INTO accepts an existing file only when it is empty, as the one
	// just made is; making it here gives it the right mode.
	if err := db.vacuumInto(ctx, dest); err != nil {
		os.Remove(dest)
		return err
	}
	return nil
}

// vacuumInto copies the database with VACUUM INTO. The readers cannot: to
// SQLite, writing the copy is a write, which query_only forbids.
func (db *DB) vacuumInto(ctx context.Context, dest string) error {
	conn := sql.OpenDB(connector{dsn: dsn(db.path, false)})
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("sqlite: back up: %w", err)
	}
	return nil
}
