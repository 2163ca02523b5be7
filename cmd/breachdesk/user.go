package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// The user commands act as the command line (auth.CLI): whoever can run
// them on the desk's machine can read its database anyway.

const rolesHelp = "admin (people, settings, playbooks, audit trail), lead (runs incidents), " +
	"responder (investigation: timeline, tasks, evidence), comms (statements and notifications), " +
	"hotline (answers callers and writes on the timeline), viewer (reads the incidents they are on)"

func roleList() string {
	names := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func (p *program) userAdd(ctx context.Context, args []string) error {
	const cmd = "user add"
	f := p.newFlags(cmd, "EMAIL --role ROLE [--name NAME] [options]",
		"Adds a person who may log in to the desk with their e-mail address and a password.\n\n"+
			"Type the password when asked (twice, it is not shown), or pipe it in: "+
			"printf '%s\\n' \"$PASSWORD\" | breachdesk user add ... . "+
			fmt.Sprintf("It needs at least %d characters; a few words in a row make a good one.", auth.MinPasswordLen))
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	var role, name, lang string
	f.stringVar(&role, "role", "ROLE", "", "What the person may do: "+rolesHelp+".")
	f.stringVar(&name, "name", "NAME", "", "The person's name as the team sees it. Without it the e-mail address is shown.")
	f.stringVar(&lang, "lang", "LANGUAGE", "", "The language of the person's pages: en or de. Without it the browser's language is used.")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	email, err := oneArg(cmd, rest, "the e-mail address of the person to add")
	if err != nil {
		return err
	}
	if role == "" {
		return usageErrorf(cmd, "--role is missing: give one of %s", roleList())
	}
	if !auth.Role(role).Valid() {
		return usageErrorf(cmd, "--role %q is not a role; use one of %s", role, roleList())
	}
	password, err := p.readNewPassword()
	if err != nil {
		return err
	}
	svc, err := st.open(ctx, true)
	if err != nil {
		return err
	}
	defer svc.Close()
	u, err := svc.Auth.CreateUser(ctx, auth.CLI(), auth.NewUser{
		Email: email, Name: name, Role: auth.Role(role), Language: lang, Password: password,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "Added user %d with the role %s. They can log in now.\n", u.ID, u.Role)
	return nil
}

func (p *program) userList(ctx context.Context, args []string) error {
	const cmd = "user list"
	f := p.newFlags(cmd, "[options]", "Lists everyone who may log in to the desk, with their role and whether they are disabled.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf(cmd, "user list takes no arguments, but got %q", rest[0])
	}
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	users, err := svc.Auth.Users(ctx, auth.CLI())
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintf(p.stdout, "No users yet. Add the first admin with: breachdesk user add EMAIL --role admin %s\n", st.flagsForHint())
		return nil
	}
	tw := tabwriter.NewWriter(p.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tROLE\tSTATUS\tSECOND FACTOR\tLAST LOGIN")
	for _, u := range users {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		totp := "off"
		if u.TOTPEnabled() {
			totp = "on"
		}
		last := "never"
		if u.LastLoginAt != nil {
			last = localTime(*u.LastLoginAt)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, dash(u.Name), u.Role, status, totp, last)
	}
	return tw.Flush()
}

func (p *program) userSetRole(ctx context.Context, args []string) error {
	const cmd = "user set-role"
	f := p.newFlags(cmd, "EMAIL --role ROLE [options]",
		"Changes what a person may do. The last active admin keeps the role, so the desk always has one.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	var role string
	f.stringVar(&role, "role", "ROLE", "", "The new role: "+rolesHelp+".")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) == 2 && role == "" {
		rest, role = rest[:1], rest[1] // also accept: user set-role EMAIL ROLE
	}
	email, err := oneArg(cmd, rest, "the e-mail address of the person")
	if err != nil {
		return err
	}
	if role == "" {
		return usageErrorf(cmd, "--role is missing: give one of %s", roleList())
	}
	if !auth.Role(role).Valid() {
		return usageErrorf(cmd, "--role %q is not a role; use one of %s", role, roleList())
	}
	return p.changeUser(ctx, st, email, func(svc *app.Services, u *auth.User) (string, error) {
		if u.Role == auth.Role(role) {
			return fmt.Sprintf("User %d has the role %s already.", u.ID, role), nil
		}
		from := u.Role
		if err := svc.Auth.SetRole(ctx, auth.CLI(), u.ID, auth.Role(role)); err != nil {
			return "", err
		}
		return fmt.Sprintf("User %d is now %s (was %s).", u.ID, role, from), nil
	})
}

func (p *program) userDisable(ctx context.Context, args []string) error {
	return p.userSetDisabled(ctx, args, true)
}

func (p *program) userEnable(ctx context.Context, args []string) error {
	return p.userSetDisabled(ctx, args, false)
}

func (p *program) userSetDisabled(ctx context.Context, args []string, disable bool) error {
	cmd, about := "user enable", "Lets a disabled person log in again, with their old password."
	if disable {
		cmd, about = "user disable", "Stops a person from logging in: their sessions end at once and their API tokens stop working. "+
			"Nothing they wrote is removed; 'breachdesk user enable' undoes it."
	}
	f := p.newFlags(cmd, "EMAIL [options]", about)
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
	return p.changeUser(ctx, st, email, func(svc *app.Services, u *auth.User) (string, error) {
		if u.Disabled == disable {
			return fmt.Sprintf("User %d is %s already.", u.ID, enabledWord(disable)), nil
		}
		if err := svc.Auth.SetDisabled(ctx, auth.CLI(), u.ID, disable); err != nil {
			return "", err
		}
		return fmt.Sprintf("User %d is %s now.", u.ID, enabledWord(disable)), nil
	})
}

func enabledWord(disabled bool) string {
	if disabled {
		return "disabled"
	}
	return "enabled"
}

func (p *program) userResetPassword(ctx context.Context, args []string) error {
	const cmd = "user reset-password"
	f := p.newFlags(cmd, "EMAIL [options]",
		"Sets a new password for a person who forgot theirs; their sessions end, their second factor stays.\n\n"+
			"Type the password when asked (twice, it is not shown), or pipe it in: "+
			"printf '%s\\n' \"$PASSWORD\" | breachdesk user reset-password EMAIL.")
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
	return p.changeUser(ctx, st, email, func(svc *app.Services, u *auth.User) (string, error) {
		password, err := p.readNewPassword()
		if err != nil {
			return "", err
		}
		if err := svc.Auth.ResetPassword(ctx, auth.CLI(), u.ID, password); err != nil {
			return "", err
		}
		return fmt.Sprintf("User %d has a new password; they are logged out everywhere.", u.ID), nil
	})
}

// changeUser opens the desk, finds the user by e-mail address, applies
// change and prints what it says.
func (p *program) changeUser(ctx context.Context, st storeFlags, email string, change func(*app.Services, *auth.User) (string, error)) error {
	svc, err := st.open(ctx, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	u, err := findUser(ctx, svc, email)
	if err != nil {
		return err
	}
	msg, err := change(svc, u)
	if err != nil {
		return err
	}
	fmt.Fprintln(p.stdout, msg)
	return nil
}

// findUser looks a user up by e-mail address. The message does not repeat
// the address: error messages carry no personal data.
func findUser(ctx context.Context, svc *app.Services, email string) (*auth.User, error) {
	u, err := svc.Auth.UserByEmail(ctx, auth.CLI(), email)
	if errs.Is(err, errs.NotFound) {
		return nil, errors.New("no user has this e-mail address; 'breachdesk user list' shows who there is")
	}
	return u, err
}

// oneArg returns the single positional argument, or a usage error saying
// what it should be.
func oneArg(cmd string, rest []string, what string) (string, error) {
	switch len(rest) {
	case 0:
		return "", usageErrorf(cmd, "%s needs %s", cmd, what)
	case 1:
		return rest[0], nil
	default:
		return "", usageErrorf(cmd, "%s takes one argument (%s), but got %d", cmd, what, len(rest))
	}
}

// readNewPassword asks for a new password twice when a person is typing,
// and reads the first line of standard input when it is piped in.
func (p *program) readNewPassword() (string, error) {
	if f, ok := p.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return p.promptNewPassword(int(f.Fd()))
	}
	line, err := bufio.NewReader(p.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if password == "" {
		return "", errors.New("no password on standard input: type it when asked, or pipe it in, for example " +
			"(printf '%s\\n' \"$PASSWORD\" | breachdesk user add EMAIL --role ROLE)")
	}
	return password, checkPassword(password)
}

func (p *program) promptNewPassword(fd int) (string, error) {
	fmt.Fprintf(p.stderr, "New password (at least %d characters, not shown): ", auth.MinPasswordLen)
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(p.stderr)
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	if err := checkPassword(string(first)); err != nil {
		return "", err
	}
	fmt.Fprint(p.stderr, "The same password again: ")
	again, err := term.ReadPassword(fd)
	fmt.Fprintln(p.stderr)
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	if string(first) != string(again) {
		return "", errors.New("the two passwords differ; nothing was changed")
	}
	return string(first), nil
}

// checkPassword applies the password rules before anything else happens,
// so a person typing learns about them at once.
func checkPassword(pw string) error {
	f := errs.Fields{}
	auth.ValidatePassword("password", pw, f)
	return f.Err()
}

// localTime shows a time in the computer's zone.
func localTime(t time.Time) string { return t.Local().Format("2006-01-02 15:04 MST") }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
