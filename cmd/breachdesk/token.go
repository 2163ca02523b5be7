package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

func (p *program) tokenCreate(ctx context.Context, args []string) error {
	const cmd = "token create"
	f := p.newFlags(cmd, "EMAIL --name NAME [options]",
		"Creates an API token for a person, for scripts and other tools that use the desk's API. "+
			"The token acts with that person's rights. It is printed once and stored only as a fingerprint: "+
			"copy it into the tool's configuration now; if it is lost, revoke it and create a new one.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	var name string
	f.stringVar(&name, "name", "NAME", "", "What the token is for, so you can tell tokens apart later, such as \"SIEM import\".")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	email, err := oneArg(cmd, rest, "the e-mail address of the person the token is for")
	if err != nil {
		return err
	}
	if name == "" {
		return usageErrorf(cmd, "--name is missing: say what the token is for, such as --name \"SIEM import\"")
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	u, err := findUser(ctx, svc, email)
	if err != nil {
		return err
	}
	value, t, err := svc.Auth.CreateToken(ctx, auth.CLI(), u.ID, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(p.stdout, value)
	fmt.Fprintf(p.stderr, "Token %d created for user %d. It is shown only this once: copy it now.\n"+
		"Use it as the header  Authorization: Bearer <token>\n", t.ID, u.ID)
	return nil
}

func (p *program) tokenList(ctx context.Context, args []string) error {
	const cmd = "token list"
	f := p.newFlags(cmd, "EMAIL [options]",
		"Lists a person's API tokens: what each is for, how it starts and when it was last used. The tokens themselves cannot be shown again.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	email, err := oneArg(cmd, rest, "the e-mail address of the person")
	if err != nil {
		return err
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	u, err := findUser(ctx, svc, email)
	if err != nil {
		return err
	}
	tokens, err := svc.Auth.Tokens(ctx, auth.CLI(), u.ID)
	if err != nil {
		return err
	}
	if len(tokens) == 0 {
		fmt.Fprintf(p.stdout, "User %d has no API tokens.\n", u.ID)
		return nil
	}
	tw := tabwriter.NewWriter(p.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSTARTS WITH\tCREATED\tLAST USED")
	for _, t := range tokens {
		last := "never"
		if t.LastUsedAt != nil {
			last = localTime(*t.LastUsedAt)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Hint, localTime(t.CreatedAt), last)
	}
	return tw.Flush()
}

func (p *program) tokenRevoke(ctx context.Context, args []string) error {
	const cmd = "token revoke"
	f := p.newFlags(cmd, "EMAIL ID [options]",
		"Deletes an API token of a person; tools using it are refused from then on. "+
			"'breachdesk token list EMAIL' shows the IDs.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usageErrorf(cmd, "token revoke needs the e-mail address of the person and the token's ID, as in: token revoke EMAIL 3")
	}
	id, err := strconv.ParseInt(rest[1], 10, 64)
	if err != nil || id <= 0 {
		return usageErrorf(cmd, "%q is not a token ID; 'breachdesk token list EMAIL' shows the IDs", rest[1])
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	u, err := findUser(ctx, svc, rest[0])
	if err != nil {
		return err
	}
	err = svc.Auth.RevokeToken(ctx, auth.CLI(), u.ID, id)
	if errs.Is(err, errs.NotFound) {
		return fmt.Errorf("user %d has no token %d; 'breachdesk token list EMAIL' shows their tokens", u.ID, id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "Token %d of user %d is revoked.\n", id, u.ID)
	return nil
}
