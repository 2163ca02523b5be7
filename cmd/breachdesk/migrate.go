package main

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/app"
)

func (p *program) migrate(ctx context.Context, args []string) error {
	const cmd = "migrate"
	f := p.newFlags(cmd, "--db URL [options]",
		"Brings the tables of a PostgreSQL database up to date for this version of breachdesk. "+
			"Run it once after installing a new version, before starting the desk (or start it with --migrate).\n\n"+
			"SQLite desks (the --data folder) bring their tables up to date by themselves on every start; "+
			"for them there is nothing to do.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf(cmd, "migrate takes no arguments, but got %q", rest[0])
	}
	c := st.config()
	if !c.UsesPostgres() {
		fmt.Fprintf(p.stdout, "No --db given: the desk uses %s, which brings its tables up to date by itself on every start. Nothing to do.\n", c.Describe())
		return nil
	}
	if err := app.Migrate(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "The tables of %s are up to date.\n", c.Describe())
	return nil
}
