package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

func TestBackupMakesACopyThatOpensAsADeskAndHoldsTheUsers(t *testing.T) {
	dir := newDesk(t)
	mustRun(t, nil, "a long and secret passphrase\n", "user", "add", "lead@example.com", "--role", "lead", "--data", dir)
	file := filepath.Join(t.TempDir(), "copies", "desk-backup.db")
	r := mustRun(t, nil, "", "backup", file, "--data", dir)
	r.expect(t, 0, []string{"Backup of SQLite in " + dir + " written to " + file}, nil)

	// Restore as the help says: a new folder holding the copy under the
	// database's file name.
	restored := t.TempDir()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, sqlite.FileName), data, 0o600); err != nil {
		t.Fatal(err)
	}
	list := mustRun(t, nil, "", "user", "list", "--data", restored)
	list.expect(t, 0, []string{adminEmail, "lead@example.com"}, nil)
	verify := mustRun(t, nil, "", "audit", "verify", "--data", restored)
	verify.expect(t, 0, []string{"audit chain intact"}, nil)

	db, err := sqlite.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	exports, err := db.Auth().AuditEntries(t.Context(), auth.AuditFilter{Action: "export.backup", Limit: 10})
	db.Close()
	if err != nil || len(exports) != 1 || exports[0].Actor != "cli" {
		t.Errorf("the backup is not on the audit trail as an export by cli: %+v, %v", exports, err)
	}

	again := runCmd(t, nil, "", "backup", file, "--data", dir)
	again.expect(t, 1, []string{"exists already", "never overwrites"}, nil)
}

func TestBackupOfAPostgreSQLDeskPointsToPgDump(t *testing.T) {
	r := runCmd(t, nil, "", "backup", "desk.dump", "--db", "postgres://desk:s3cret-pw@db.internal/desk")
	r.expect(t, 1, []string{"pg_dump"}, []string{"s3cret-pw"})
	if _, err := os.Stat("desk.dump"); err == nil {
		t.Error("a file was written")
	}
}
