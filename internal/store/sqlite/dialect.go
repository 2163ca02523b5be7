package sqlite

import (
	"errors"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/breachdesk/breachdesk/internal/store/sqlstore"
)

// dialect is SQLite's spelling of what sqlstore needs.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Rebind(query string) string { return query }

// Time passes times as the fixed-width text the schema keeps.
func (dialect) Time(t time.Time) any { return sqlstore.FormatTime(t) }

func (dialect) Bool(b bool) any {
	if b {
		return 1
	}
	return 0
}

func (dialect) ContainsFold(expr string) string { return foldFunc + "(" + expr + `) LIKE ? ESCAPE '\'` }

// ForUpdate is empty: the single writer connection with BEGIN IMMEDIATE
// already holds the database's write lock for the whole transaction.
func (dialect) ForUpdate(string) string { return "" }

// AuditLock is empty for the same reason.
func (dialect) AuditLock() string { return "" }

// SkipLocked is empty: the single writer connection with BEGIN IMMEDIATE
// already serializes claimers.
func (dialect) SkipLocked() string { return "" }

// Minute cuts the fixed-width time text after the minutes.
func (dialect) Minute(expr string) string { return "substr(" + expr + ", 1, 16)" }

// Hour cuts the fixed-width time text after the hour.
func (dialect) Hour(expr string) string { return "substr(" + expr + ", 1, 13)" }

// Micros reads the whole seconds of the fixed-width time text with
// strftime and its six digits of microseconds as they are, so nothing
// passes through a float.
func (dialect) Micros(expr string) string {
	return "(CAST(strftime('%s', substr(" + expr + ", 1, 19)) AS INTEGER) * 1000000 + CAST(substr(" + expr + ", 21, 6) AS INTEGER))"
}

func (dialect) IsUniqueViolation(err error) bool {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}
