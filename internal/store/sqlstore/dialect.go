package sqlstore

import (
	"strconv"
	"strings"
	"time"
)

// Dialect is what differs between the databases the desk runs on. Queries
// are written once, with ? placeholders, and the dialect adapts them, so
// SQLite and PostgreSQL cannot drift apart in what they store or return.
type Dialect interface {
	// Rebind rewrites the ? placeholders of query into the database's own.
	Rebind(query string) string
	// Time is how a time is passed as an argument. It is always UTC at
	// microsecond precision, the finest both databases keep.
	Time(t time.Time) any
	// Bool is how a boolean is passed as an argument.
	Bool(b bool) any
	// ContainsFold returns a condition, with one ? for a LIKE pattern that
	// is already lower case and escaped with \, matching expr
	// case-insensitively, beyond ASCII.
	ContainsFold(expr string) string
	// ForUpdate returns the clause that locks the rows of alias read by a
	// SELECT until the transaction ends, or "" when the database needs none.
	ForUpdate(alias string) string
	// AuditLock returns the statement that makes concurrent audit appends
	// wait for each other within their transactions, or "" when the
	// database serializes writers anyway.
	AuditLock() string
	// IsUniqueViolation reports whether err is a unique or primary key
	// constraint failure.
	IsUniqueViolation(err error) bool
	// SkipLocked returns the clause that locks the rows a SELECT reads and
	// passes over rows other transactions hold, so that concurrent
	// claimers each get a different row; "" when writers are serialized
	// anyway.
	SkipLocked() string
	// Minute returns an expression giving the UTC minute of the time expr
	// as text "2006-01-02T15:04".
	Minute(expr string) string
	// Hour returns an expression giving the UTC hour of the time expr as
	// text "2006-01-02T15".
	Hour(expr string) string
	// Micros returns an expression giving the time expr as an integer
	// count of microseconds since 1970 (UTC), so that durations are
	// differences and sums of integers, exact on both databases.
	Micros(expr string) string
}

// NumberedParams rewrites ? placeholders to $1, $2 ... (PostgreSQL's style).
// A ? inside a quoted string literal or identifier is left alone.
func NumberedParams(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte // the quote character of the literal we are in, or 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// escapeLike escapes the LIKE wildcards in s, so a search for "50%" finds
// "50%" and not "500".
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// containsPattern is the LIKE pattern for titles containing s, to be used
// with Dialect.ContainsFold.
func containsPattern(s string) string {
	return "%" + escapeLike(strings.ToLower(s)) + "%"
}
