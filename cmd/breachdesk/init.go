package main

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/app"
)

// initDesk creates a desk: the data folder, the database with its tables,
// and the register key.
func (p *program) initDesk(ctx context.Context, args []string) error {
	const cmd = "init"
	f := p.newFlags(cmd, "[options]",
		"Creates a new desk: the data folder, the database with its tables, and the register key, a file that seals "+
			"the contact data of the people affected by a breach (register.key in the data folder unless --key-file says otherwise).\n\n"+
			"Back the key up apart from the database: without it the register cannot be read; with it and a copy of the "+
			"database, everyone in the register is exposed.\n\n"+
			"Run on a desk that exists already, init checks that the key fits the database and changes nothing.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	var keys keyFlags
	keys.define(f)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf(cmd, "init takes no arguments, but got %q", rest[0])
	}
	if st.db != "" && keys.file == "" && p.getenv("BREACHDESK_REGISTER_KEY") == "" {
		return usageErrorf(cmd, "with --db, say where the register key goes with --key-file FILE: it must not live beside a shared database")
	}
	st.migrate = true
	svc, err := p.openRegister(ctx, &st, &keys, true, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	where := svc.Key.Path
	if where == "" {
		where = "BREACHDESK_REGISTER_KEY"
	}
	if svc.Key.Created {
		fmt.Fprintf(p.stdout, "The desk is ready.\n\n  Storage:       %s\n  Register key:  %s\n\n", st.where(), where)
	} else {
		fmt.Fprintf(p.stdout, "The desk was there already; its register key (%s) fits it. Nothing was changed.\n\n", where)
	}
	hint := st.flagsForHint()
	if keys.file != "" {
		hint += " --key-file " + shellWord(keys.file)
	}
	fmt.Fprintf(p.stdout, "Next:\n  breachdesk user add you@example.com --role admin %s\n  breachdesk serve %s\n", hint, hint)
	return nil
}
