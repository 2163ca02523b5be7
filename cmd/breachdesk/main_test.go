package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// result is what one run of the command did.
type result struct {
	code   int
	stdout string
	stderr string
}

// runCmd runs the command with args, the environment env (nothing else of
// the real environment) and stdin, and returns what it did.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	getenv := func(name string) string { return env[name] }
	code := run(ctx, args, strings.NewReader(stdin), &stdout, &stderr, getenv)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// mustRun runs the command and fails the test unless it exits with 0.
func mustRun(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	r := runCmd(t, env, stdin, args...)
	if r.code != 0 {
		t.Fatalf("breachdesk %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// expect checks the exit code and what the output must and must not hold.
func (r result) expect(t *testing.T, code int, contains, notContains []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	out := r.stdout + r.stderr
	for _, want := range contains {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", want, r.stdout, r.stderr)
		}
	}
	for _, bad := range notContains {
		if strings.Contains(out, bad) {
			t.Errorf("output must not contain %q\nstdout:\n%s\nstderr:\n%s", bad, r.stdout, r.stderr)
		}
	}
}

const (
	adminEmail    = "crisis.admin@example.com"
	adminPassword = "correct horse battery staple"
)

// newDesk returns the data folder of a fresh desk with one admin.
func newDesk(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustRun(t, nil, adminPassword+"\n", "user", "add", adminEmail, "--role", "admin", "--data", dir)
	return dir
}

// lockedBuffer is a buffer that the server's goroutines may write to while
// the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// leafCommands are every command that does something, with the options
// each must offer.
var leafCommands = []struct {
	args  []string
	flags []string
}{
	{[]string{"init"}, []string{"data", "db", "key-file"}},
	{[]string{"serve"}, []string{"data", "db", "migrate", "key-file", "smtp", "bounce-imap", "bounce-interval", "addr", "tls-cert", "tls-key", "secure-cookies", "trust-proxy", "max-upload", "timezone", "public-addr", "public-url", "log-format", "log-level"}},
	{[]string{"demo"}, []string{"data", "db", "migrate", "key-file", "smtp", "addr", "tls-cert", "tls-key", "secure-cookies", "trust-proxy", "max-upload", "timezone", "public-addr", "public-url", "log-format", "log-level", "lang"}},
	{[]string{"people", "import"}, []string{"data", "db", "key-file", "findings", "crm", "mapping"}},
	{[]string{"people", "counts"}, []string{"data", "db", "key-file", "json"}},
	{[]string{"notify", "status"}, []string{"data", "db", "key-file", "json"}},
	{[]string{"notify", "run"}, []string{"data", "db", "key-file", "smtp", "until-idle", "log-format", "log-level"}},
	{[]string{"notify", "bounces"}, []string{"data", "db", "key-file", "bounce-imap"}},
	{[]string{"user", "add"}, []string{"data", "db", "migrate", "role", "name", "lang"}},
	{[]string{"user", "list"}, []string{"data", "db"}},
	{[]string{"user", "set-role"}, []string{"data", "db", "role"}},
	{[]string{"user", "disable"}, []string{"data", "db"}},
	{[]string{"user", "enable"}, []string{"data", "db"}},
	{[]string{"user", "reset-password"}, []string{"data", "db"}},
	{[]string{"token", "create"}, []string{"data", "db", "name"}},
	{[]string{"token", "list"}, []string{"data", "db"}},
	{[]string{"token", "revoke"}, []string{"data", "db"}},
	{[]string{"playbook", "import"}, []string{"data", "db"}},
	{[]string{"playbook", "list"}, []string{"data", "db"}},
	{[]string{"migrate"}, []string{"data", "db"}},
	{[]string{"backup"}, []string{"data", "db"}},
	{[]string{"audit", "verify"}, []string{"data", "db"}},
	{[]string{"version"}, nil},
}

var flagLine = regexp.MustCompile(`(?m)^  --([a-z-]+)`)

func TestEveryCommandsHelpExitsZeroAndNamesEachOptionsEnvironmentTwin(t *testing.T) {
	for _, c := range leafCommands {
		name := strings.Join(c.args, " ")
		t.Run(name, func(t *testing.T) {
			r := runCmd(t, nil, "", append(c.args, "--help")...)
			r.expect(t, 0, []string{"Usage: breachdesk " + name}, nil)
			shown := map[string]bool{}
			for _, m := range flagLine.FindAllStringSubmatch(r.stdout, -1) {
				shown[m[1]] = true
				if env := envName(m[1]); !strings.Contains(r.stdout, "Environment: "+env) {
					t.Errorf("--%s is shown without its environment twin %s", m[1], env)
				}
			}
			for _, f := range c.flags {
				if !shown[f] {
					t.Errorf("the help does not show --%s:\n%s", f, r.stdout)
				}
			}
			if c.args[0] != "version" && !strings.Contains(r.stdout, "BREACHDESK_DB_FILE") {
				t.Errorf("the help does not say the database URL may come from BREACHDESK_DB_FILE")
			}
		})
	}
}

func TestTopLevelHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := runCmd(t, nil, "", args...)
		r.expect(t, 0, []string{"Usage: breachdesk COMMAND", "init", "serve", "demo", "user", "token", "playbook", "scan", "people", "notify", "migrate", "backup", "audit", "version"}, nil)
	}
	r := runCmd(t, nil, "", "user", "--help")
	r.expect(t, 0, []string{"Usage: breachdesk user COMMAND", "add", "list", "set-role", "disable", "enable", "reset-password"}, nil)
	r = runCmd(t, nil, "", "help", "token", "create")
	r.expect(t, 0, []string{"Usage: breachdesk token create EMAIL --name NAME"}, nil)
}

func TestCommandLinesThatMakeNoSenseExitWithTwoAndSayWhatWasWrong(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name     string
		env      map[string]string
		args     []string
		contains []string
	}{
		{"no command at all", nil, nil, []string{"missing command", "breachdesk --help"}},
		{"unknown command", nil, []string{"frobnicate"}, []string{`unknown command "frobnicate"`, "breachdesk --help"}},
		{"unknown subcommand", nil, []string{"user", "frobnicate"}, []string{`unknown command "user frobnicate"`, "breachdesk user --help"}},
		{"group without subcommand", nil, []string{"token"}, []string{"missing command", "breachdesk token --help"}},
		{"unknown option", nil, []string{"serve", "--frobnicate"}, []string{"unknown option --frobnicate", "breachdesk serve --help"}},
		{"option without its value", nil, []string{"user", "list", "--data"}, []string{"option --data needs a value"}},
		{"user add without e-mail", nil, []string{"user", "add", "--role", "admin", "--data", dir}, []string{"needs the e-mail address"}},
		{"user add without role", nil, []string{"user", "add", "x@example.com", "--data", dir}, []string{"--role is missing", "admin, lead, responder, comms, hotline, viewer"}},
		{"user add with an unknown role", nil, []string{"user", "add", "x@example.com", "--role", "boss", "--data", dir}, []string{`--role "boss" is not a role`}},
		{"token create without name", nil, []string{"token", "create", "x@example.com", "--data", dir}, []string{"--name is missing"}},
		{"token revoke with a bad ID", nil, []string{"token", "revoke", "x@example.com", "three", "--data", dir}, []string{`"three" is not a token ID`}},
		{"serve with an argument", nil, []string{"serve", "now"}, []string{"serve takes no arguments"}},
		{"unknown time zone", nil, []string{"serve", "--timezone", "Mars/Olympus_Mons"}, []string{`--timezone "Mars/Olympus_Mons"`}},
		{"certificate without key", nil, []string{"serve", "--tls-cert", "cert.pem"}, []string{"--tls-cert and --tls-key go together"}},
		{"unknown log level", nil, []string{"serve", "--log-level", "loud"}, []string{"--log-level"}},
		{"public site on no port", nil, []string{"serve", "--public-addr", "status.example.com"}, []string{`--public-addr "status.example.com" is not host:port`}},
		{"public site on the desk's port", nil, []string{"serve", "--addr", ":9000", "--public-addr", ":9000"}, []string{"--public-addr and --addr are both :9000"}},
		{"public URL without the public site", nil, []string{"serve", "--public-url", "https://status.example.com"}, []string{"--public-url needs --public-addr"}},
		{"public URL that is no URL", nil, []string{"serve", "--public-addr", ":8081", "--public-url", "status.example.com"}, []string{`--public-url "status.example.com"`, "https://status.example.com"}},
		{"public URL with a query", map[string]string{"BREACHDESK_PUBLIC_URL": "https://status.example.com/?a=b"}, []string{"demo", "--public-addr", ":8081"}, []string{"--public-url", "must not hold a query"}},
		{"demo in Klingon", nil, []string{"demo", "--lang", "tlh"}, []string{`--lang "tlh" is not en or de`}},
		{"environment twin that does not parse", map[string]string{"BREACHDESK_MAX_UPLOAD": "lots"}, []string{"serve"}, []string{"BREACHDESK_MAX_UPLOAD", `"lots"`, "--max-upload"}},
		{"environment switch that does not parse", map[string]string{"BREACHDESK_TRUST_PROXY": "perhaps"}, []string{"serve"}, []string{"BREACHDESK_TRUST_PROXY"}},
		{"people import without an incident", nil, []string{"people", "import", "--findings", "f.jsonl", "--data", dir}, []string{"people import needs the incident's number"}},
		{"people import with a bad incident", nil, []string{"people", "import", "seven", "--findings", "f.jsonl", "--data", dir}, []string{`"seven" is not an incident number`}},
		{"people import with nothing to import", nil, []string{"people", "import", "1", "--data", dir}, []string{"give either --findings FILE or --crm FILE"}},
		{"people import with both", nil, []string{"people", "import", "1", "--findings", "a", "--crm", "b", "--mapping", "m", "--data", dir}, []string{"give either --findings FILE or --crm FILE"}},
		{"crm without mapping", nil, []string{"people", "import", "1", "--crm", "crm.csv", "--data", dir}, []string{"--crm needs --mapping FILE"}},
		{"mapping with findings", nil, []string{"people", "import", "1", "--findings", "f.jsonl", "--mapping", "m.yaml", "--data", dir}, []string{"--mapping goes with --crm"}},
		{"notify status without an incident", nil, []string{"notify", "status", "--data", dir}, []string{"notify status needs the incident's number"}},
		{"notify run with an argument", nil, []string{"notify", "run", "now", "--data", dir}, []string{"notify run takes no arguments"}},
		{"notify run with a bad relay", nil, []string{"notify", "run", "--smtp", "ftp://secret-password@host", "--data", dir}, []string{"--smtp"}},
		{"notify bounces without a mailbox", nil, []string{"notify", "bounces", "--data", dir}, []string{"--bounce-imap is missing"}},
		{"scan into an incident that is no number", nil, []string{"scan", "--incident", "x1", dir}, []string{`--incident "x1" is not an incident number`}},
		{"init with a database but no key file", nil, []string{"init", "--db", "postgres://desk@db.example/desk"}, []string{"--key-file FILE"}},
		{"serve with a bounce interval that is too short", nil, []string{"serve", "--bounce-imap", "imaps://u:p@h/INBOX", "--bounce-interval", "10ms"}, []string{"--bounce-interval"}},
		{"secret file that is missing", map[string]string{"BREACHDESK_DB_FILE": dir + "/missing"}, []string{"user", "list"}, []string{"BREACHDESK_DB_FILE: cannot read"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCmd(t, c.env, "", c.args...)
			r.expect(t, 2, append(c.contains, "Run 'breachdesk"), nil)
			overview := strings.Contains(r.stderr, "Commands:")
			if lines := strings.Count(strings.TrimSpace(r.stderr), "\n"); !overview && lines != 1 {
				t.Errorf("a usage error is one line and a hint, got:\n%s", r.stderr)
			}
		})
	}
}

func TestVersionNamesTheVersionAndGo(t *testing.T) {
	r := runCmd(t, nil, "", "version")
	r.expect(t, 0, []string{"breachdesk dev", "go1."}, nil)
}
