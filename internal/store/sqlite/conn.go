package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"

	msqlite "modernc.org/sqlite"
)

// busyTimeoutMS is how long a connection waits for a lock held by another
// process (a backup tool, the sqlite3 shell) before giving up. Within the
// desk the single writer never waits.
const busyTimeoutMS = 10_000

// pragmas are run on every new connection, in this order: busy_timeout
// first, so that the others (journal_mode needs a lock) wait rather than
// fail; then WAL, so readers and the writer do not block each other;
// synchronous NORMAL, which is durable with WAL except for the last
// transactions on power loss, and much faster than FULL; foreign keys,
// which SQLite leaves off unless asked. A reader also refuses to write, so
// a bug cannot write around the single writer and meet a locked database.
func pragmas(readOnly bool) []string {
	list := []string{
		fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeoutMS),
		"PRAGMA journal_mode = WAL",
		"PRAGMA synchronous = NORMAL",
		"PRAGMA foreign_keys = ON",
	}
	if readOnly {
		list = append(list, "PRAGMA query_only = ON")
	} else {
		list = append(list, "PRAGMA cache_size = -131072")
	}
	return list
}

// foldFunc is the SQL function that lower-cases text the way Go does, for
// case-insensitive search beyond ASCII (SQLite's own LIKE and lower() only
// fold A-Z).
const foldFunc = "bd_fold"

// sqliteDriver is the driver all connections come from. It is set up once,
// when the package loads, and never changed afterwards: the driver keeps a
// registered function for the life of the program, so one driver for all
// databases it is. Having our own (not the one registered as "sqlite")
// keeps bd_fold away from other users of that driver.
var sqliteDriver = newDriver()

func newDriver() *msqlite.Driver {
	d := &msqlite.Driver{}
	d.MustRegisterDeterministicScalarFunction(foldFunc, 1, func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		default:
			return v, nil
		}
	})
	return d
}

// connector opens connections and prepares them with the pragmas.
type connector struct {
	dsn      string
	readOnly bool
}

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	conn, err := sqliteDriver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	exec, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("sqlite: the driver's connection %T cannot run statements", conn)
	}
	for _, s := range pragmas(c.readOnly) {
		if _, err := exec.ExecContext(ctx, s, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("sqlite: %s: %w", s, err)
		}
	}
	return conn, nil
}

func (c connector) Driver() driver.Driver { return sqliteDriver }

// dsn is the driver's name for the database file; the writer's
// transactions take the write lock at BEGIN.
func dsn(path string, writer bool) string {
	u := url.URL{Scheme: "file", Path: path}
	if writer {
		u.RawQuery = url.Values{"_txlock": {"immediate"}}.Encode()
	}
	return u.String()
}

// openPool opens the writer (one connection, transactions that take the
// write lock at BEGIN so they never fail half-way on a lock) or the pool of
// readers.
func openPool(path string, writer bool) *sql.DB {
	db := sql.OpenDB(connector{dsn: dsn(path, writer), readOnly: !writer})
	if writer {
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
	} else {
		db.SetMaxOpenConns(readers)
		db.SetMaxIdleConns(readers)
	}
	// Connections live for the life of the process: each open costs the
	// pragmas and SQLite's schema parse.
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return db
}
