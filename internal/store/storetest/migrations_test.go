package storetest_test

import (
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/store/postgres"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// versions lists the migration versions in fsys: the numbers that start
// the file names, as goose reads them.
func versions(t *testing.T, fsys fs.FS) []int64 {
	t.Helper()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, name := range names {
		prefix, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseInt(prefix, 10, 64)
		if !ok || err != nil {
			t.Fatalf("migration %s does not start with a version number and _", name)
		}
		out = append(out, v)
	}
	return out
}

// A schema version means the same on both databases, so a desk moved from
// SQLite to PostgreSQL (or a test run on both) speaks of the same schema.
func TestSQLiteAndPostgresHaveTheSameMigrationVersions(t *testing.T) {
	lite, pg := versions(t, sqlite.Migrations()), versions(t, postgres.Migrations())
	if len(lite) == 0 {
		t.Fatal("no SQLite migrations found")
	}
	if !slices.Equal(lite, pg) {
		t.Fatalf("SQLite has versions %v, PostgreSQL %v", lite, pg)
	}
}
