package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/store/postgres"
)

// Migrate brings a PostgreSQL desk's schema up to date. SQLite desks migrate
// themselves whenever they are opened, so there is nothing to do for them.
func Migrate(ctx context.Context, c StoreConfig) error {
	if !c.UsesPostgres() {
		return nil
	}
	if err := postgres.Migrate(ctx, c.DBURL); err != nil {
		return fmt.Errorf("migrate %s: %w", c.Describe(), err)
	}
	return nil
}

// ErrBackupUnsupported is returned by Backup for a store that cannot copy
// itself (PostgreSQL: pg_dump is the tool).
var ErrBackupUnsupported = errors.New("this database cannot make a backup of itself; use pg_dump for PostgreSQL")

// ErrBackupExists is returned by Backup when the target file exists: a
// backup never overwrites anything.
var ErrBackupExists = errors.New("the backup file exists already; choose a new name")

// Backup writes a consistent copy of the desk's SQLite database to dest,
// safe while the desk is serving.
func Backup(ctx context.Context, store Storage, dest string) error {
	b, ok := store.(interface {
		Backup(ctx context.Context, dest string) error
	})
	if !ok {
		return ErrBackupUnsupported
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err = b.Backup(ctx, abs)
	if errs.Is(err, errs.Conflict) {
		return ErrBackupExists
	}
	return err
}
