package notify_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, to make a schema

	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/store/postgres"
)

// Several runners (processes of a team's desk) send the same campaign at
// once: the claims keep them apart, and with leases longer than a message
// nobody gets a second copy.
func testRunnersSideBySide(t *testing.T, e *env) {
	c := e.campaign(false)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for _, id := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- e.runner(id, time.Minute).RunUntilIdle(ctx)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	rows := e.ledger(c.ID)
	assertEveryoneOnce(t, e, c.ID, len(rows))
	for _, d := range rows {
		if d.State != notify.Sent {
			t.Fatalf("row %d is %s", d.ID, d.State)
		}
	}
	if strings.Contains(e.logs.String(), "lease lost") {
		t.Error("a lease ran out")
	}
}

func TestThreeRunnersSideBySideOnSQLite(t *testing.T) {
	testRunnersSideBySide(t, newEnv(t, 1500))
}

// On PostgreSQL the claimers pass over each other's locked rows (SKIP
// LOCKED) instead of waiting. Runs when BREACHDESK_TEST_POSTGRES names a
// server, as the store tests do.
func TestThreeRunnersSideBySideOnPostgres(t *testing.T) {
	base := os.Getenv("BREACHDESK_TEST_POSTGRES")
	if base == "" {
		t.Skip("set BREACHDESK_TEST_POSTGRES to a postgres:// URL to run the runners on PostgreSQL")
	}
	db, err := postgres.Open(context.Background(), freshSchema(t, base), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := envOn(t, db, t.TempDir(), startRelay(t), func(c *notify.SMTPConfig) { c.Concurrency = 6 })
	e.makeTeam()
	e.fillRegister(1500)
	e.makeSegmentAndTemplate()
	testRunnersSideBySide(t, e)
}

// freshSchema makes an empty schema and returns base with its search path.
func freshSchema(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("BREACHDESK_TEST_POSTGRES is not a URL: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "notifytest_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
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
