package main

import (
	"strings"
	"testing"
)

func TestARelayURLThatDoesNotParseIsRefusedWithoutEchoingItsPassword(t *testing.T) {
	for _, url := range []string{"ftp://mailer:s3cr3t-pw@relay.example:25", "smtp://mailer:s3cr3t-pw@relay.example:587?concurrency=lots"} {
		r := runCmd(t, nil, "", "notify", "run", "--smtp", url, "--data", t.TempDir())
		r.expect(t, 2, []string{"--smtp"}, []string{"s3cr3t-pw"})
		r = runCmd(t, map[string]string{"BREACHDESK_SMTP": url}, "", "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir())
		r.expect(t, 2, []string{"--smtp"}, []string{"s3cr3t-pw"})
	}
}

func TestNotifyStatusOfAnIncidentWithoutCampaigns(t *testing.T) {
	dir, id := registerDesk(t)
	r := mustRun(t, nil, "", "notify", "status", id, "--data", dir)
	r.expect(t, 0, []string{"has no notification campaigns yet"}, nil)
	r = mustRun(t, nil, "", "notify", "status", id, "--data", dir, "--json")
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("--json without campaigns = %q, want []", r.stdout)
	}
}
