package main

import (
	"strings"
	"testing"
)

func TestTokenCreatePrintsTheTokenOnceAndListShowsOnlyItsStart(t *testing.T) {
	dir := newDesk(t)
	r := mustRun(t, nil, "", "token", "create", adminEmail, "--name", "SIEM import", "--data", dir)
	token := strings.TrimSpace(r.stdout)
	if !strings.HasPrefix(token, "bd_") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("token create should print one bd_ token on one line, got:\n%s", r.stdout)
	}
	r.expect(t, 0, []string{"shown only this once"}, nil)
	if strings.Contains(r.stderr, token) {
		t.Errorf("the token is printed twice")
	}

	list := mustRun(t, nil, "", "token", "list", adminEmail, "--data", dir)
	list.expect(t, 0, []string{"SIEM import", token[:9]}, []string{token})

	again := mustRun(t, nil, "", "token", "list", adminEmail, "--data", dir)
	if strings.Contains(again.stdout, token) {
		t.Errorf("a later list shows the whole token")
	}

	revoke := runCmd(t, nil, "", "token", "revoke", adminEmail, "1", "--data", dir)
	revoke.expect(t, 0, []string{"Token 1 of user 1 is revoked"}, nil)
	list = mustRun(t, nil, "", "token", "list", adminEmail, "--data", dir)
	list.expect(t, 0, []string{"no API tokens"}, []string{"SIEM import"})
	revoke = runCmd(t, nil, "", "token", "revoke", adminEmail, "1", "--data", dir)
	revoke.expect(t, 1, []string{"user 1 has no token 1"}, nil)
}

func TestTokenCreateForAnUnknownPersonFails(t *testing.T) {
	dir := newDesk(t)
	r := runCmd(t, nil, "", "token", "create", "ghost@example.com", "--name", "x", "--data", dir)
	r.expect(t, 1, []string{"no user has this e-mail address"}, []string{"bd_"})
}
