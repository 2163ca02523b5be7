package main

import (
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
)

// postgresSchemaURL returns a URL for a fresh, empty schema of the test
// database (dropped when the test ends), or skips the test.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("BREACHDESK_TEST_POSTGRES")
	if base == "" {
		t.Skip("BREACHDESK_TEST_POSTGRES is not set; the PostgreSQL test of the command line did not run " +
			"(set it to e.g. postgres://postgres@127.0.0.1:5432/breachdesk_test?sslmode=disable, as .ci/run does)")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("BREACHDESK_TEST_POSTGRES is not a URL: %v", err)
	}
	admin, err := sql.Open("pgx", base) // the driver comes with the store
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "clitest_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestMigrateThenUserAddAndListOnPostgreSQL(t *testing.T) {
	db := postgresSchemaURL(t)
	r := runCmd(t, nil, adminPassword+"\n", "user", "add", adminEmail, "--role", "admin", "--db", db)
	r.expect(t, 1, []string{"breachdesk migrate"}, nil) // an empty schema is refused until migrated

	r = mustRun(t, nil, "", "migrate", "--db", db)
	r.expect(t, 0, []string{"The tables of PostgreSQL", "are up to date"}, nil)
	mustRun(t, nil, "", "migrate", "--db", db) // and again: nothing to do is fine

	env := map[string]string{"BREACHDESK_DB": db}
	mustRun(t, env, adminPassword+"\n", "user", "add", adminEmail, "--role", "admin", "--name", "Crisis Admin")
	r = mustRun(t, env, "", "user", "list")
	r.expect(t, 0, []string{adminEmail, "Crisis Admin", "admin", "active"}, []string{adminPassword})
	r = mustRun(t, env, "", "audit", "verify")
	r.expect(t, 0, []string{"audit chain intact: 1 entries"}, nil)
}

func TestMigrateWithoutDatabaseSaysSQLiteMigratesByItself(t *testing.T) {
	r := runCmd(t, nil, "", "migrate", "--data", t.TempDir())
	r.expect(t, 0, []string{"SQLite", "by itself", "Nothing to do"}, nil)
}

func TestUserAddOnPostgreSQLWithMigrateNeedsNoSeparateStep(t *testing.T) {
	db := postgresSchemaURL(t)
	mustRun(t, nil, adminPassword+"\n", "user", "add", adminEmail, "--role", "admin", "--db", db, "--migrate")
	r := mustRun(t, nil, "", "user", "list", "--db", db)
	r.expect(t, 0, []string{adminEmail}, nil)
}
