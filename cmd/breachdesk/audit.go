package main

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/app"
)

func (p *program) auditVerify(ctx context.Context, args []string) error {
	const cmd = "audit verify"
	f := p.newFlags(cmd, "[options]",
		"Checks the audit trail from its first entry to its last. Every entry carries a fingerprint of the one "+
			"before it, so an entry changed, inserted or deleted behind the desk's back breaks the chain there.\n\n"+
			"Prints \"audit chain intact\" and exits with 0, or names the first broken entry and exits with 1.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf(cmd, "audit verify takes no arguments, but got %q", rest[0])
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	report, err := svc.Auth.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if !report.OK() {
		fmt.Fprintf(p.stdout, "audit chain broken at entry %d: %s\n", report.BrokenAt, report.Reason)
		return errReported
	}
	fmt.Fprintf(p.stdout, "audit chain intact: %d entries\n", report.Entries)
	return nil
}
