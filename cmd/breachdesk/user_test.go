package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserCommandsAddListChangeRoleDisableAndEnable(t *testing.T) {
	dir := newDesk(t)
	const lead, leadPassword = "k.vogel@example.com", "a long and secret passphrase"
	steps := []struct {
		name        string
		stdin       string
		args        []string
		code        int
		contains    []string
		notContains []string
	}{
		{"the admin added first is listed", "", []string{"user", "list"}, 0,
			[]string{adminEmail, "admin", "active"}, []string{adminPassword}},
		{"a lead is added with a piped password", leadPassword + "\n", []string{"user", "add", lead, "--role", "lead", "--name", "Katrin Vogel"}, 0,
			[]string{"Added user 2 with the role lead"}, []string{leadPassword}},
		{"the lead is listed with name and role", "", []string{"user", "list"}, 0,
			[]string{lead, "Katrin Vogel", "lead"}, []string{leadPassword}},
		{"the same address cannot be added twice", leadPassword + "\n", []string{"user", "add", strings.ToUpper(lead), "--role", "viewer"}, 1,
			[]string{"a user with this e-mail address exists already"}, []string{leadPassword}},
		{"the lead becomes a responder", "", []string{"user", "set-role", lead, "--role", "responder"}, 0,
			[]string{"User 2 is now responder (was lead)"}, nil},
		{"the role may also follow the address", "", []string{"user", "set-role", lead, "comms"}, 0,
			[]string{"User 2 is now comms (was responder)"}, nil},
		{"the last admin keeps the role", "", []string{"user", "set-role", adminEmail, "--role", "viewer"}, 1,
			[]string{"last active admin"}, nil},
		{"the last admin cannot be disabled", "", []string{"user", "disable", adminEmail}, 1,
			[]string{"last active admin"}, nil},
		{"the comms user is disabled", "", []string{"user", "disable", lead}, 0,
			[]string{"User 2 is disabled now"}, nil},
		{"the list shows who is disabled", "", []string{"user", "list"}, 0,
			[]string{"comms", "disabled"}, nil},
		{"the comms user is enabled again", "", []string{"user", "enable", lead}, 0,
			[]string{"User 2 is enabled now"}, nil},
		{"a password is reset from standard input", "another long passphrase\n", []string{"user", "reset-password", lead}, 0,
			[]string{"User 2 has a new password"}, []string{"another long passphrase"}},
		{"an unknown address is not found and not repeated", "", []string{"user", "disable", "nobody@example.com"}, 1,
			[]string{"no user has this e-mail address"}, []string{"nobody@example.com"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := runCmd(t, nil, s.stdin, append(s.args, "--data", dir)...)
			r.expect(t, s.code, s.contains, s.notContains)
		})
	}
}

func TestUserAddRefusesAShortPasswordNamingTheRuleWithoutEchoingIt(t *testing.T) {
	dir := newDesk(t)
	r := runCmd(t, nil, "tooshort\n", "user", "add", "new@example.com", "--role", "viewer", "--data", dir)
	r.expect(t, 1, []string{"the password is too short", "at least 12 characters"}, []string{"tooshort"})
	r = runCmd(t, nil, "", "user", "add", "new@example.com", "--role", "viewer", "--data", dir)
	r.expect(t, 1, []string{"no password on standard input"}, nil)
	list := mustRun(t, nil, "", "user", "list", "--data", dir)
	if strings.Contains(list.stdout, "new@example.com") {
		t.Errorf("a refused user was added:\n%s", list.stdout)
	}
}

func TestUserAddRefusesAnInvalidAddress(t *testing.T) {
	dir := t.TempDir()
	r := runCmd(t, nil, adminPassword+"\n", "user", "add", "not an address", "--role", "admin", "--data", dir)
	r.expect(t, 1, []string{"the e-mail address is not valid"}, nil)
}

func TestEnvironmentTwinPointsUserAddAtTheDataFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "desk")
	env := map[string]string{"BREACHDESK_DATA": dir, "BREACHDESK_ROLE": "lead"}
	mustRun(t, env, adminPassword+"\n", "user", "add", "from.env@example.com")
	r := mustRun(t, nil, "", "user", "list", "--data", dir)
	r.expect(t, 0, []string{"from.env@example.com", "lead"}, nil)

	other := t.TempDir()
	mustRun(t, map[string]string{"BREACHDESK_DATA": dir}, adminPassword+"\n", "user", "add", "from.flag@example.com", "--role", "admin", "--data", other)
	r = mustRun(t, nil, "", "user", "list", "--data", other)
	r.expect(t, 0, []string{"from.flag@example.com"}, []string{"from.env@example.com"})
}

func TestDatabaseURLIsReadFromTheFileNamedInTheEnvironment(t *testing.T) {
	file := filepath.Join(t.TempDir(), "db-url")
	if err := os.WriteFile(file, []byte("  mysql://root:s3cret-pw@db.internal/desk \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, map[string]string{"BREACHDESK_DB_FILE": file}, "", "user", "list")
	// The URL from the file was used (trimmed): it is refused for not being
	// PostgreSQL, and its password is not shown.
	r.expect(t, 1, []string{"--db must be a postgres:// URL", "db.internal"}, []string{"s3cret-pw"})
}

func TestCommandsOtherThanAddRefuseAMissingDataFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo")
	r := runCmd(t, nil, "", "user", "list", "--data", missing)
	r.expect(t, 1, []string{"there is no desk in " + missing}, nil)
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("user list created the folder %s", missing)
	}
}
