package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
)

func (p *program) backup(ctx context.Context, args []string) error {
	const cmd = "backup"
	f := p.newFlags(cmd, "FILE [options]",
		"Writes a complete, consistent copy of the desk's database to FILE, also while the desk is running: "+
			"users, incidents, evidence and the audit trail. Keep the copy as safe as the desk itself; it holds "+
			"personal data. An existing file is never overwritten.\n\n"+
			"To restore, stop the desk and start it with --data pointing at a new folder that holds the copy "+
			"under the database's file name.\n\n"+
			"For a PostgreSQL desk (--db), use PostgreSQL's own pg_dump instead.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	file, err := oneArg(cmd, rest, "the file to write the copy to")
	if err != nil {
		return err
	}
	c := st.config()
	if c.UsesPostgres() {
		fmt.Fprintf(p.stderr, "breachdesk backup copies SQLite desks only. For PostgreSQL, pg_dump is the tool:\n"+
			"  pg_dump --format=custom --file=%s \"$BREACHDESK_DB\"\n"+
			"and pg_restore brings such a copy back.\n", file)
		return errReported
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	err = app.Backup(ctx, svc.Store, file)
	if errors.Is(err, app.ErrBackupExists) {
		return fmt.Errorf("%s exists already; a backup never overwrites a file, so choose a new name", file)
	}
	if err != nil {
		return err
	}
	size, bytes := "", int64(0)
	if fi, err := os.Stat(file); err == nil {
		bytes = fi.Size()
		size = fmt.Sprintf(" (%.1f MiB)", float64(bytes)/(1<<20))
	}
	// A backup is an export of everything, personal data included: it goes
	// on the record like every other export.
	if err := svc.Auth.Record(ctx, auth.CLI(), auth.Event{Action: "export.backup", ObjectType: "desk",
		Detail: map[string]any{"bytes": bytes}}); err != nil {
		return fmt.Errorf("the backup was written, but recording it on the audit trail failed: %w", err)
	}
	fmt.Fprintf(p.stdout, "Backup of %s written to %s%s.\n", c.Describe(), file, size)
	return nil
}
