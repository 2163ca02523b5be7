package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/breachdesk/breachdesk/internal/app"
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
	size := ""
	if fi, err := os.Stat(file); err == nil {
		size = fmt.Sprintf(" (%.1f MiB)", float64(fi.Size())/(1<<20))
	}
	fmt.Fprintf(p.stdout, "Backup of %s written to %s%s.\n", c.Describe(), file, size)
	return nil
}
