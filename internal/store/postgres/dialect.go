package postgres

import (
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/breachdesk/breachdesk/internal/store/sqlstore"
)

// auditLockKey names the advisory lock that serializes audit appends. Any
// constant works as long as nothing else in the database uses it; this one
// is "bdaudit" in ASCII.
const auditLockKey = 0x62646175646974

// dialect is PostgreSQL's spelling of what sqlstore needs.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Rebind(query string) string { return sqlstore.NumberedParams(query) }

func (dialect) Time(t time.Time) any { return t.UTC() }

func (dialect) Bool(b bool) any { return b }

func (dialect) ContainsFold(expr string) string { return expr + ` ILIKE ? ESCAPE '\'` }

// ForUpdate locks only the rows of alias: the users joined for names stay
// free, and PostgreSQL refuses to lock the nullable side of an outer join.
func (dialect) ForUpdate(alias string) string { return " FOR UPDATE OF " + alias }

// AuditLock takes a transaction-scoped advisory lock: the next append waits
// until this transaction ends, then reads the entry it wrote.
func (dialect) AuditLock() string {
	return "SELECT pg_advisory_xact_lock(" + strconv.Itoa(auditLockKey) + ")"
}

// SkipLocked lets concurrent claimers pass over each other's rows instead
// of waiting for them.
func (dialect) SkipLocked() string { return " FOR UPDATE SKIP LOCKED" }

func (dialect) Minute(expr string) string {
	return "to_char(" + expr + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI')`
}

func (dialect) Hour(expr string) string {
	return "to_char(" + expr + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24')`
}

// Micros takes the epoch as numeric (exact since PostgreSQL 14; a double
// before, still exact to the microsecond for the desk's times).
func (dialect) Micros(expr string) string {
	return "CAST(EXTRACT(EPOCH FROM " + expr + ") * 1000000 AS BIGINT)"
}

func (dialect) IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505" // unique_violation
}
