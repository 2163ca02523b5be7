package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// TimeLayout is how SQLite keeps times: fixed-width UTC text, so that times
// sort and compare correctly as strings.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// FormatTime writes t the way SQLite keeps it.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// timeDest scans a NOT NULL time column from any driver: SQLite hands out
// text, PostgreSQL a time.Time in the local zone. The result is UTC.
type timeDest struct{ t *time.Time }

func scanTime(t *time.Time) sql.Scanner { return timeDest{t} }

func (d timeDest) Scan(src any) error {
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*d.t = t
	return nil
}

// nullTimeDest scans a nullable time column; NULL becomes nil.
type nullTimeDest struct{ t **time.Time }

func scanNullTime(t **time.Time) sql.Scanner { return nullTimeDest{t} }

func (d nullTimeDest) Scan(src any) error {
	if src == nil {
		*d.t = nil
		return nil
	}
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*d.t = &t
	return nil
}

func parseTime(src any) (time.Time, error) {
	var s string
	switch v := src.(type) {
	case time.Time:
		return v.UTC(), nil
	case string:
		s = v
	case []byte:
		s = string(v)
	case nil:
		return time.Time{}, fmt.Errorf("sqlstore: unexpected NULL time")
	default:
		return time.Time{}, fmt.Errorf("sqlstore: cannot scan %T into a time", src)
	}
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		// Accept any RFC 3339 time too, for rows written by hand.
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return time.Time{}, fmt.Errorf("sqlstore: bad time in database: %w", err)
		}
	}
	return t.UTC(), nil
}

// idDest scans a nullable reference to a user: NULL is 0, "nobody".
type idDest struct{ id *int64 }

func scanID(id *int64) sql.Scanner { return idDest{id} }

func (d idDest) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*d.id = n.Int64
	return nil
}

// idArg is the argument for a nullable reference: 0 means nobody, which is
// NULL in the database so that the foreign key holds.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullInt is the argument for an optional number.
func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// jsonDest scans a JSON text column into v; NULL leaves v as it is.
type jsonDest struct{ v any }

func scanJSON(v any) sql.Scanner { return jsonDest{v} }

func (d jsonDest) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("sqlstore: cannot scan %T as JSON", src)
	}
	if err := json.Unmarshal(b, d.v); err != nil {
		return fmt.Errorf("sqlstore: bad JSON in database: %w", err)
	}
	return nil
}

// jsonArg marshals v for a JSON text column.
func jsonArg(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("sqlstore: encode JSON: %w", err)
	}
	return string(b), nil
}

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, c conn, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
