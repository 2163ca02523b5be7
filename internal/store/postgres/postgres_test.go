package postgres

import (
	"crypto/rand"
	"database/sql"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/store/sqlstore"
	"github.com/breachdesk/breachdesk/internal/store/storetest"
)

// testURL returns the database for tests, or skips the test.
func testURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("BREACHDESK_TEST_POSTGRES")
	if u == "" {
		t.Skip("BREACHDESK_TEST_POSTGRES is not set; the PostgreSQL half of the store suite did not run " +
			"(set it to e.g. postgres://postgres@127.0.0.1:5432/breachdesk_test?sslmode=disable)")
	}
	return u
}

// freshSchema creates an empty schema with a random name, dropped when the
// test ends, and returns a URL whose connections use it: tests do not see
// each other's rows, and a failed run leaves nothing behind.
func freshSchema(t *testing.T) string {
	t.Helper()
	base := testURL(t)
	cfgURL, err := url.Parse(base)
	if err != nil {
		t.Fatalf("BREACHDESK_TEST_POSTGRES is not a URL: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "storetest_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		// t.Context is done by now; the drop needs its own.
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := cfgURL.Query()
	q.Set("search_path", schema)
	cfgURL.RawQuery = q.Encode()
	return cfgURL.String()
}

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), freshSchema(t), true)
	if err != nil {
		t.Fatal(err)
	}
	// Registered after the schema's cleanup, so it runs before the drop.
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func TestStoreSuite(t *testing.T) {
	testURL(t) // skip once, not once per scenario
	storetest.Run(t, func(t *testing.T) storetest.Stores {
		db := openTest(t)
		return storetest.Stores{Auth: db.Auth(), Incidents: db.Incidents(), Obligations: db.Obligations(), People: db.People(), Notify: db.Notify(), Hotline: db.Hotline(), Publish: db.Publish(), SQL: db.pool}
	})
}

func TestOpenRefusesASchemaBehindUnlessMigrating(t *testing.T) {
	ctx := t.Context()
	u := freshSchema(t)
	_, err := Open(ctx, u, false)
	if err == nil || !strings.Contains(err.Error(), "breachdesk migrate --db URL") || !strings.Contains(err.Error(), "--migrate") {
		t.Fatalf("Open without migrating = %v, want advice to migrate", err)
	}
	if err := Migrate(ctx, u); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, u, false)
	if err != nil {
		t.Fatalf("Open after Migrate: %v", err)
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != latestMigration(t) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, latestMigration(t))
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateTwiceIsHarmless(t *testing.T) {
	u := freshSchema(t)
	for i := range 2 {
		if err := Migrate(t.Context(), u); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
	}
}

func TestBackupPointsToPgDump(t *testing.T) {
	db := openTest(t)
	err := db.Backup(t.Context(), t.TempDir()+"/copy")
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("Backup = %v, want an invalid error naming pg_dump", err)
	}
}

func TestOpenKeepsThePasswordOutOfErrors(t *testing.T) {
	testURL(t)
	_, err := Open(t.Context(), "postgres://someone:s3cret-pw@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", false)
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if strings.Contains(err.Error(), "s3cret-pw") {
		t.Fatalf("the error shows the password: %v", err)
	}
}

// The timeline of a busy incident is read from its index, newest first,
// without a sort, on a table of 10,000 entries.
func TestTimelineIsReadFromItsIndex(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	var ids [2]int64
	for i := range ids {
		err := db.pool.QueryRowContext(ctx, `INSERT INTO incidents (title, kind, severity, status, aware_at, created_at, updated_at)
			VALUES ('t', 'other', 'low', 'triage', now(), now(), now()) RETURNING id`).Scan(&ids[i])
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.pool.ExecContext(ctx, `INSERT INTO timeline_entries (incident_id, occurred_at, recorded_at, kind, text)
		SELECT CASE WHEN i % 10 = 0 THEN $2::bigint ELSE $1::bigint END, timestamptz '2025-01-01' + (i % 500) * interval '1 minute', now(), 'note', 'x'
		FROM generate_series(1, 10000) AS i`, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.ExecContext(ctx, `ANALYZE timeline_entries`); err != nil {
		t.Fatal(err)
	}
	for _, cursor := range []bool{false, true} {
		args := []any{ids[0]}
		if cursor {
			args = append(args, time.Date(2025, 1, 1, 4, 0, 0, 0, time.UTC), 5000)
		}
		plan := explain(t, db, sqlstore.NumberedParams(sqlstore.TimelineQuery(cursor)), append(args, 100)...)
		t.Logf("plan (cursor %v):\n%s", cursor, plan)
		if !strings.Contains(plan, "timeline_entries_order") || strings.Contains(plan, "Sort") {
			t.Errorf("timeline query (cursor %v) is not read from its index", cursor)
		}
	}
}

func explain(t *testing.T, db *DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.pool.QueryContext(t.Context(), "EXPLAIN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// latestMigration is the version of the newest embedded migration: the
// schema a fresh database ends at.
func latestMigration(t *testing.T) int64 {
	t.Helper()
	names, err := fs.Glob(Migrations(), "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	prefix, _, _ := strings.Cut(names[len(names)-1], "_")
	v, err := strconv.ParseInt(prefix, 10, 64)
	if err != nil {
		t.Fatalf("migration %s has no version", names[len(names)-1])
	}
	return v
}
