package sqlite

import (
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/store/sqlstore"
	"github.com/breachdesk/breachdesk/internal/store/storetest"
)

// openTest opens a fresh database in a temporary directory.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func TestStoreSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Stores {
		db := openTest(t)
		return storetest.Stores{Auth: db.Auth(), Incidents: db.Incidents(), Obligations: db.Obligations(), People: db.People(), Notify: db.Notify(), Hotline: db.Hotline(), Publish: db.Publish(), SQL: db.write}
	})
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	db, err := Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	newIncident(t, db) // a write, so the -wal and -shm files exist
	for path, want := range map[string]fs.FileMode{
		dir:                          0o700 | fs.ModeDir,
		db.Path():                    0o600,
		db.Path() + "-wal":           0o600,
		db.Path() + "-shm":           0o600,
		filepath.Join(dir, FileName): 0o600,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s has mode %v, want %v", filepath.Base(path), fi.Mode(), want)
		}
	}
}

func TestConnectionsAreSetUpAsDesigned(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	for _, p := range []struct {
		pool   *sql.DB
		pragma string
		want   string
	}{
		{db.write, "busy_timeout", "10000"},
		{db.write, "journal_mode", "wal"},
		{db.write, "synchronous", "1"},
		{db.write, "foreign_keys", "1"},
		{db.write, "query_only", "0"},
		{db.read, "busy_timeout", "10000"},
		{db.read, "foreign_keys", "1"},
		{db.read, "query_only", "1"},
	} {
		var got string
		if err := p.pool.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != p.want {
			t.Errorf("PRAGMA %s = %s, want %s", p.pragma, got, p.want)
		}
	}
	if _, err := db.read.ExecContext(ctx, `DELETE FROM sessions`); err == nil {
		t.Error("a reader connection accepted a write")
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != latestMigration(t) {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, latestMigration(t))
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	inc := newIncident(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(t.Context(), dir)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer db.Close()
	if _, err := db.Incidents().Incident(t.Context(), inc.ID); err != nil {
		t.Fatalf("incident after reopening: %v", err)
	}
}

// 200 writers at once queue for the single writer connection; none may
// meet SQLITE_BUSY ("database is locked"), and readers keep reading.
func TestConcurrentUpdatesNeverMeetALockedDatabase(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	inc := newIncident(t, db)
	const writers = 200
	var wg sync.WaitGroup
	errc := make(chan error, 2*writers)
	for i := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			errc <- db.Incidents().Update(ctx, func(tx incident.Tx) error {
				now := time.Now().UTC()
				e := &incident.Entry{IncidentID: inc.ID, OccurredAt: now, RecordedAt: now, Kind: incident.EntryNote, Text: fmt.Sprint("note ", i)}
				if err := tx.AppendEntry(ctx, e, nil); err != nil {
					return err
				}
				return tx.AppendAudit(ctx, auth.NewAuditEntry(auth.System(), now, auth.Event{Action: "timeline.add", IncidentID: inc.ID, ObjectID: e.ID}))
			})
		}()
		go func() {
			defer wg.Done()
			_, err := db.Incidents().Timeline(ctx, inc.ID, incident.TimelinePage{Limit: 20})
			errc <- err
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("concurrent use: %v", err)
		}
	}
	if n, _ := db.Incidents().TimelineCount(ctx, inc.ID); n != writers {
		t.Fatalf("%d entries, want %d", n, writers)
	}
	v := auth.NewChainVerifier()
	if err := db.Auth().WalkAudit(ctx, func(e auth.AuditEntry) error { v.Add(e); return nil }); err != nil {
		t.Fatal(err)
	}
	if r := v.Report(); !r.OK() || r.Entries != writers {
		t.Fatalf("chain report %+v, want %d intact entries", r, writers)
	}
}

func TestBackupCopiesWhileServing(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	inc := newIncident(t, db)
	destDir := t.TempDir()
	dest := filepath.Join(destDir, FileName)
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != 0o600 {
		t.Errorf("backup has mode %v, want 0600", fi.Mode())
	}
	if err := db.Backup(ctx, dest); !errs.Is(err, errs.Conflict) {
		t.Errorf("a backup onto an existing file returned %v, want a conflict", err)
	}
	copyDB, err := Open(ctx, destDir)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer copyDB.Close()
	got, err := copyDB.Incidents().Incident(ctx, inc.ID)
	if err != nil || got.Title != inc.Title {
		t.Fatalf("incident in the backup: %+v, %v", got, err)
	}
}

// The timeline of a busy incident is read from its index, newest first,
// without sorting: EXPLAIN QUERY PLAN names the index and no temporary
// B-tree, on a table of 10,000 entries (and the statistics ANALYZE takes).
func TestTimelineIsReadFromItsIndex(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	inc := newIncident(t, db)
	other := newIncident(t, db)
	// One statement writes them all: through AppendEntry they would take
	// seconds under the race detector and show nothing more.
	_, err := db.write.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
		INSERT INTO timeline_entries (incident_id, occurred_at, recorded_at, kind, text)
		SELECT CASE WHEN i % 10 = 0 THEN ? ELSE ? END,
			strftime('%Y-%m-%dT%H:%M:%S.000000Z', '2025-01-01', '+' || (i % 500) || ' minutes'), ?, 'note', 'x' FROM n`,
		other.ID, inc.ID, sqlstore.FormatTime(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for _, cursor := range []bool{false, true} {
		args := []any{inc.ID}
		if cursor {
			args = append(args, "2025-01-01T04:00:00.000000Z", 5000)
		}
		plan := explain(t, db, sqlstore.TimelineQuery(cursor), append(args, 100)...)
		t.Logf("plan (cursor %v):\n%s", cursor, plan)
		if !strings.Contains(plan, "timeline_entries_order") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("timeline query (cursor %v) plan:\n%s", cursor, plan)
		}
	}
	page, err := db.Incidents().Timeline(ctx, inc.ID, incident.TimelinePage{Limit: 1000})
	if err != nil || len(page) != 1000 {
		t.Fatalf("a page of 1000: %d entries, %v", len(page), err)
	}
}

func explain(t *testing.T, db *DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.read.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, detail)
	}
	return b.String()
}

func newIncident(t *testing.T, db *DB) *incident.Incident {
	t.Helper()
	now := time.Now().UTC()
	inc := &incident.Incident{Title: "Test", Kind: incident.KindOther, Severity: incident.SeverityLow,
		Status: incident.StatusTriage, AwareAt: now, CreatedAt: now, UpdatedAt: now}
	err := db.Incidents().Update(t.Context(), func(tx incident.Tx) error { return tx.CreateIncident(t.Context(), inc) })
	if err != nil {
		t.Fatal(err)
	}
	return inc
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
