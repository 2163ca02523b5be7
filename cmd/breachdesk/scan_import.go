package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/people"
)

// scanIntoRegister scans and streams the findings through a pipe straight
// into the incident's register: the full values never touch the disk
// outside the register's sealed rows.
func (p *program) scanIntoRegister(ctx context.Context, req scanRequest, id int64, st *storeFlags, keys *keyFlags) error {
	svc, err := p.openRegister(ctx, st, keys, false, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	if _, _, err := svc.Incidents.Get(ctx, auth.CLI(), id); err != nil {
		return fmt.Errorf("incident %d: %w", id, err)
	}
	pr, pw := io.Pipe()
	req.intoRegister = pw
	// The import outlives a Ctrl-C of the scan: what was found until then
	// goes into the register. An import that fails stops the scan.
	scanCtx, stopScan := context.WithCancel(ctx)
	defer stopScan()
	type imported struct {
		res *people.ImportResult
		err error
	}
	done := make(chan imported, 1)
	go func() {
		res, err := svc.People.ImportFindings(context.WithoutCancel(ctx), auth.CLI(), id, "scan", strings.Join(req.paths, " "), pr)
		if err != nil {
			pr.CloseWithError(err)
			stopScan()
		} else {
			io.Copy(io.Discard, pr) // never block the scan, whatever the importer left unread
		}
		done <- imported{res, err}
	}()
	scanErr := p.runScan(scanCtx, req)
	pw.Close() // also when the scan ended before it started
	imp := <-done
	if imp.err != nil {
		return fmt.Errorf("the import into the register of incident %d failed, so the scan was stopped: %w", id, imp.err)
	}
	writeImportResult(p.stdout, imp.res)
	if err := p.applyCounts(context.WithoutCancel(ctx), svc, id); err != nil {
		return err
	}
	if errors.Is(scanErr, errReported) && ctx.Err() != nil {
		fmt.Fprintln(p.stderr, "breachdesk: the scan was incomplete: the register holds what was found until the interruption. "+
			"Scan the same paths again to complete it; what is in the register already is not counted twice.")
	}
	return scanErr
}

// writeImportResult says what an import did, with the skipped lines (which
// never hold a value).
func writeImportResult(w io.Writer, res *people.ImportResult) {
	im := res.Import
	fmt.Fprintf(w, "\nRegister: %s persons added, %s updated, %s unchanged (%s lines read).\n",
		thousands(im.Created), thousands(im.Updated), thousands(im.Unchanged), thousands(im.Lines))
	if im.Problems == 0 {
		return
	}
	fmt.Fprintf(w, "Skipped %s lines:\n", thousands(im.Problems))
	for _, pb := range res.Problems {
		fmt.Fprintf(w, "  %s: %s\n", pb.Where, pb.Reason)
	}
	if int64(len(res.Problems)) < im.Problems {
		fmt.Fprintf(w, "  ... and %s more\n", thousands(im.Problems-int64(len(res.Problems))))
	}
}

// applyCounts writes the register's counts into the incident's facts and
// says what they are now.
func (p *program) applyCounts(ctx context.Context, svc *app.Services, id int64) error {
	if err := svc.People.ApplyCounts(ctx, auth.CLI(), id); err != nil {
		return fmt.Errorf("update the incident's facts: %w", err)
	}
	c, err := svc.People.Counts(ctx, auth.CLI(), id)
	if err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "Incident %d: %s affected persons in the register (%s with e-mail, %s by letter only, %s unreachable); "+
		"the incident's facts are updated.\n",
		id, thousands(c.Persons+c.Erased), thousands(c.WithEmail), thousands(c.PostalOnly), thousands(c.Unreachable))
	return nil
}
