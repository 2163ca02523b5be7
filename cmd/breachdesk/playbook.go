package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

func (p *program) playbookImport(ctx context.Context, args []string) error {
	const cmd = "playbook import"
	f := p.newFlags(cmd, "FILE [options]",
		"Checks a playbook file (YAML, described in docs/playbooks.md) and adds it to the desk's library, "+
			"where leads can apply it to an incident. A playbook with the same name imported before is replaced; "+
			"incidents it was applied to keep their tasks.\n\n"+
			"If the file has mistakes, nothing is imported and every mistake is listed with its line and field.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	file, err := oneArg(cmd, rest, "the playbook file to import")
	if err != nil {
		return err
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read the playbook: %w", err)
	}
	if _, err := incident.ParsePlaybook(src); err != nil {
		fmt.Fprintf(p.stderr, "breachdesk: %s is not a valid playbook; nothing was imported.\n", file)
		var pe *incident.PlaybookError
		if errors.As(err, &pe) {
			for _, problem := range pe.Problems {
				fmt.Fprintf(p.stderr, "  %s\n", problem)
			}
		} else {
			fmt.Fprintf(p.stderr, "  %v\n", err)
		}
		return errReported
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	pb, err := svc.Incidents.ImportPlaybook(ctx, auth.CLI(), src)
	if errs.Is(err, errs.Conflict) {
		return errors.New(errs.MessageOf(err))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "Imported the playbook %q, version %d: %d tasks in %d phases, %d contacts.\n",
		pb.Name, pb.Version, pb.TaskCount(), len(pb.Phases), len(pb.Contacts))
	return nil
}

func (p *program) playbookList(ctx context.Context, args []string) error {
	const cmd = "playbook list"
	f := p.newFlags(cmd, "[options]", "Lists the playbooks in the desk's library: the built-in ones and those imported.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	var lang string
	f.stringVar(&lang, "lang", "LANGUAGE", "en", "The language of the titles: en or de.")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf(cmd, "playbook list takes no arguments, but got %q", rest[0])
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	list, err := svc.Incidents.Playbooks(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(p.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tKIND\tTASKS\tSOURCE\tTITLE")
	for _, pb := range list {
		source := "imported " + localTime(pb.ImportedAt)
		if pb.BuiltIn {
			source = "built in"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%s\t%s\n", pb.Name, pb.Version, pb.Kind, pb.TaskCount(), source, pb.Title.In(lang))
	}
	return tw.Flush()
}
