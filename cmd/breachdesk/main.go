// Command breachdesk is the crisis desk for a company that has been
// breached: one binary that serves the desk (serve), shows it with a demo
// incident (demo), and looks after it from the command line (init, user,
// token, playbook, scan, people, notify, migrate, backup, audit verify,
// version).
//
// This package holds flags and subcommands only; the work is done in
// internal/app and the capability services.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"

	_ "time/tzdata" // time zones work on machines without a zone database

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C lets running requests finish; a second one, no
		// longer caught, ends the program at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// program is one run of the command: where it reads and writes, and the
// environment its flags fall back to.
type program struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// run runs the command line args and returns the exit code. Tests call it
// directly, with their own streams and environment.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	p := &program{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	return p.exitCode(p.dispatch(ctx, args, nil, commands()))
}

// command is a subcommand, or a group of them (user, token, ...).
type command struct {
	name    string
	summary string // one line for the overview
	run     func(p *program, ctx context.Context, args []string) error
	subs    []command
}

func commands() []command {
	return []command{
		{name: "init", summary: "create a new desk: its database and the register key", run: (*program).initDesk},
		{name: "serve", summary: "run the desk for your team", run: (*program).serve},
		{name: "demo", summary: "try the desk: a demo team and incident on its own database, then serve it", run: (*program).demo},
		{name: "user", summary: "add, list and change the people who log in", subs: []command{
			{name: "add", summary: "add a person who may log in", run: (*program).userAdd},
			{name: "list", summary: "list everyone who may log in", run: (*program).userList},
			{name: "set-role", summary: "change what a person may do", run: (*program).userSetRole},
			{name: "disable", summary: "stop a person from logging in (ends their sessions and tokens)", run: (*program).userDisable},
			{name: "enable", summary: "let a disabled person log in again", run: (*program).userEnable},
			{name: "reset-password", summary: "set a new password for a person", run: (*program).userResetPassword},
		}},
		{name: "token", summary: "API tokens for scripts and other tools", subs: []command{
			{name: "create", summary: "create an API token for a person (shown once)", run: (*program).tokenCreate},
			{name: "list", summary: "list a person's API tokens", run: (*program).tokenList},
			{name: "revoke", summary: "delete an API token", run: (*program).tokenRevoke},
		}},
		{name: "playbook", summary: "the emergency plans that turn into tasks", subs: []command{
			{name: "import", summary: "check a playbook file and add it to the library", run: (*program).playbookImport},
			{name: "list", summary: "list the playbooks in the library", run: (*program).playbookList},
		}},
		{name: "scan", summary: "find the personal data in leaked files: categories, records, people", run: (*program).scan},
		{name: "people", summary: "the register of persons affected by an incident", subs: []command{
			{name: "import", summary: "import a findings file or a CRM export into an incident's register", run: (*program).peopleImport},
			{name: "counts", summary: "count an incident's affected persons by category, country, language, segment", run: (*program).peopleCounts},
		}},
		{name: "notify", summary: "tell the affected persons: campaign status, sending, bounces", subs: []command{
			{name: "status", summary: "show the campaigns of an incident and how far each has got", run: (*program).notifyStatus},
			{name: "run", summary: "send the running campaigns' messages in the foreground", run: (*program).notifyRun},
			{name: "bounces", summary: "read the bounce mailbox once", run: (*program).notifyBounces},
		}},
		{name: "migrate", summary: "bring a PostgreSQL database up to date", run: (*program).migrate},
		{name: "backup", summary: "copy the desk's database to a file, while it runs", run: (*program).backup},
		{name: "audit", summary: "the tamper-evident audit trail", subs: []command{
			{name: "verify", summary: "check that no audit entry was changed, inserted or deleted", run: (*program).auditVerify},
		}},
		{name: "version", summary: "print the version", run: (*program).version},
	}
}

// dispatch finds the (sub)command named by args[0] among cmds and runs it.
// path holds the names of the enclosing groups.
func (p *program) dispatch(ctx context.Context, args, path []string, cmds []command) error {
	where := strings.Join(append([]string{"breachdesk"}, path...), " ")
	if len(args) == 0 {
		p.overview(p.stderr, where, cmds)
		return &usageError{msg: "missing command", cmd: strings.Join(path, " ")}
	}
	name := args[0]
	if isHelp(name) || (name == "help" && len(path) == 0 && len(args) == 1) {
		p.overview(p.stdout, where, cmds)
		return nil
	}
	if name == "help" && len(path) == 0 {
		return p.dispatch(ctx, append(args[1:], "--help"), path, cmds)
	}
	if name == "--version" && len(path) == 0 {
		return p.version(ctx, nil)
	}
	for _, c := range cmds {
		if c.name != name {
			continue
		}
		if c.subs != nil {
			return p.dispatch(ctx, args[1:], slices.Concat(path, []string{name}), c.subs)
		}
		return c.run(p, ctx, args[1:])
	}
	if strings.HasPrefix(name, "-") {
		return &usageError{msg: fmt.Sprintf("unknown option %s; options go after the command", name), cmd: strings.Join(path, " ")}
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q", strings.Join(slices.Concat(path, []string{name}), " ")), cmd: strings.Join(path, " ")}
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// overview lists the commands of a level.
func (p *program) overview(w io.Writer, where string, cmds []command) {
	fmt.Fprintf(w, "Usage: %s COMMAND [options]\n\n", where)
	if where == "breachdesk" {
		fmt.Fprint(w, wrap("breachdesk is the crisis desk for a company that has been breached: incidents with their "+
			"deadlines, the timeline, tasks, the team and the audit trail, in one program.", 78, ""))
		fmt.Fprint(w, "\nTry it:  breachdesk demo\nRun it:  breachdesk serve\n\n")
	}
	fmt.Fprintln(w, "Commands:")
	width := 0
	for _, c := range cmds {
		width = max(width, len(c.name))
	}
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun '%s COMMAND --help' for the options of a command.\n", where)
}

// usageError is a command line that does not make sense: exit code 2.
type usageError struct {
	msg string
	cmd string // the command whose --help to suggest; "" for the top level
}

func (e *usageError) Error() string { return e.msg }

func usageErrorf(cmd, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), cmd: cmd}
}

// errHelpShown ends a command whose --help was printed: exit code 0.
var errHelpShown = errors.New("help shown")

// errReported ends a command that failed and has said why already: exit 1.
var errReported = errors.New("failure reported")

func (p *program) exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelpShown):
		return exitOK
	case errors.Is(err, errReported):
		return exitFailure
	case errors.As(err, &ue):
		hint := "breachdesk --help"
		if ue.cmd != "" {
			hint = "breachdesk " + ue.cmd + " --help"
		}
		fmt.Fprintf(p.stderr, "breachdesk: %s\nRun '%s' for help.\n", ue.msg, hint)
		return exitUsage
	default:
		fmt.Fprintf(p.stderr, "breachdesk: %s\n", describe(err))
		return exitFailure
	}
}

// describe says what went wrong in words for the person at the terminal,
// turning field errors of the services into sentences.
func describe(err error) string {
	var e *errs.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err.Error()
	}
	names := make([]string, 0, len(e.Fields))
	for name := range e.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fieldProblem(name, e.Fields[name])
	}
	return strings.Join(parts, "; ")
}

func fieldProblem(field, key string) string {
	switch {
	case field == "password" && key == errs.TooShort:
		return fmt.Sprintf("the password is too short: it needs at least %d characters", auth.MinPasswordLen)
	case field == "password" && key == errs.TooLong:
		return fmt.Sprintf("the password is too long: at most %d bytes", auth.MaxPasswordLen)
	case field == "email" && key == errs.Taken:
		return "a user with this e-mail address exists already"
	case field == "email" && key == errs.InvalidEmail:
		return "the e-mail address is not valid: write it as name@example.com"
	case field == "role" && key == errs.InvalidChoice:
		return "unknown role; use one of " + roleList()
	case field == "name" && key == errs.Taken:
		return "the name is taken; choose another one"
	}
	what := strings.ReplaceAll(field, "_", " ")
	switch key {
	case errs.Required:
		return what + " is required"
	case errs.TooLong:
		return what + " is too long"
	case errs.TooShort:
		return what + " is too short"
	case errs.InvalidChoice:
		return what + " is not one of the allowed values"
	default:
		return what + ": " + strings.ReplaceAll(key, "_", " ")
	}
}
