package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // the driver the store uses, opened here behind its back

	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// deskWithHistory is a desk with a few audit entries made through commands.
func deskWithHistory(t *testing.T) string {
	t.Helper()
	dir := newDesk(t)                                                                                                     // 1 user.create
	mustRun(t, nil, "a long and secret passphrase\n", "user", "add", "lead@example.com", "--role", "lead", "--data", dir) // 2 user.create
	mustRun(t, nil, "", "user", "set-role", "lead@example.com", "--role", "responder", "--data", dir)                     // 3 user.role
	mustRun(t, nil, "", "token", "create", adminEmail, "--name", "script", "--data", dir)                                 // 4 token.create
	return dir
}

func TestAuditVerifyOfAnUntouchedDeskSaysIntact(t *testing.T) {
	dir := deskWithHistory(t)
	r := runCmd(t, nil, "", "audit", "verify", "--data", dir)
	r.expect(t, 0, []string{"audit chain intact: 4 entries"}, []string{"broken"})
}

func TestAuditVerifyFindsARowChangedBehindTheProgramsBack(t *testing.T) {
	dir := deskWithHistory(t)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const seq = 3
	ctx := context.Background()
	for _, stmt := range []string{
		`DROP TRIGGER audit_log_no_update`,
		fmt.Sprintf(`UPDATE audit_log SET detail = '{"from":"lead","to":"admin"}' WHERE seq = %d`, seq),
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db.Close()
	r := runCmd(t, nil, "", "audit", "verify", "--data", dir)
	r.expect(t, 1, []string{fmt.Sprintf("audit chain broken at entry %d:", seq), "changed after it was written"}, []string{"intact"})
}

func TestAuditVerifyFindsADeletedRow(t *testing.T) {
	dir := deskWithHistory(t)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, stmt := range []string{`DROP TRIGGER audit_log_no_delete`, `DELETE FROM audit_log WHERE seq = 2`} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db.Close()
	r := runCmd(t, nil, "", "audit", "verify", "--data", dir)
	r.expect(t, 1, []string{"audit chain broken at entry 2:", "missing"}, nil)
}
